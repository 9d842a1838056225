import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff, RevealsAnswerKeys, Roles } from '../../../common/auth';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import type { Page } from '../../../common/pagination/pagination';
import { ApiPageResponse } from '../../../common/pagination/pagination';
import { IdParam } from '../../../common/validation';
import {
  ChangeExamStatusDto,
  CreateExamDto,
  ExamDetailResponseDto,
  ExamPreviewDto,
  ExamResponseDto,
  ExtraTimeResponseDto,
  GrantExtraTimeDto,
  ListExamsQueryDto,
  RuleAvailabilityDto,
  RuleAvailabilityQueryDto,
  UpdateExamDto,
} from '../dto/exam.dto';
import { ExamAuthoringService } from './exam-authoring.service';
import { ExamErrors } from '../exams.errors';

/** Authoring: secretaries and admins, for exams of the units in their scope. */
@ApiTags('考试管理 exams')
@ApiBearerAuth()
@Controller('exams')
export class ExamsController {
  constructor(private readonly exams: ExamAuthoringService) {}

  @Post()
  @Roles('secretary', 'admin')
  @ApiCreatedResponse({ type: ExamDetailResponseDto })
  @ApiErrors(
    ExamErrors.UNIT_NOT_FOUND,
    ExamErrors.PLAN_NOT_FOUND,
    ExamErrors.PARENT_NOT_FOUND,
    ExamErrors.WINDOW_INVALID,
    ExamErrors.AUDIENCE_INVALID,
    ExamErrors.PAPER_INVALID,
  )
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateExamDto,
  ): Promise<ExamDetailResponseDto> {
    return this.exams.create(me, dto);
  }

  @Post('rule-availability')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Blueprint rules → how many active, unflagged questions each can draw from (as publishing would allocate them)',
  })
  @ApiOkResponse({ type: [RuleAvailabilityDto] })
  ruleAvailability(@Body() dto: RuleAvailabilityQueryDto): Promise<RuleAvailabilityDto[]> {
    return this.exams.ruleAvailability(dto);
  }

  @Get()
  @Roles('secretary', 'admin')
  @ApiPageResponse(ExamResponseDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() q: ListExamsQueryDto,
  ): Promise<Page<ExamResponseDto>> {
    return this.exams.list(me, q);
  }

  @Get(':id')
  @Roles('secretary', 'admin')
  @ApiOkResponse({ type: ExamDetailResponseDto })
  @ApiErrors(ExamErrors.NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExamDetailResponseDto> {
    return this.exams.get(me, id);
  }

  @Patch(':id')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'Edit a draft; a published exam may only close later (audited)' })
  @ApiOkResponse({ type: ExamDetailResponseDto })
  @ApiErrors(
    ExamErrors.NOT_FOUND,
    ExamErrors.NOT_DRAFT,
    ExamErrors.WINDOW_INVALID,
    ExamErrors.PAPER_INVALID,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateExamDto,
  ): Promise<ExamDetailResponseDto> {
    return this.exams.update(me, id, dto);
  }

  @Post(':id/status')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'draft → published (fixes the audience and the paper; refuses a blueprint the bank cannot fill) → closed → archived. Closing before the window ends: the author or an admin, with a reason, while nobody is answering',
  })
  @ApiOkResponse({ type: ExamDetailResponseDto })
  @ApiErrors(
    ExamErrors.NOT_FOUND,
    ExamErrors.STATUS_TRANSITION,
    ExamErrors.BLUEPRINT_SHORTFALL,
    ExamErrors.QUESTION_UNAVAILABLE,
    ExamErrors.AUDIENCE_INVALID,
    ExamErrors.CLOSE_EARLY_FORBIDDEN,
    ExamErrors.CLOSE_EARLY_REASON,
    ExamErrors.CLOSE_EARLY_ANSWERING,
  )
  changeStatus(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: ChangeExamStatusDto,
  ): Promise<ExamDetailResponseDto> {
    return this.exams.changeStatus(me, id, dto);
  }

  @RevealsAnswerKeys()
  @Get(':id/preview')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'A sample paper with its keys' })
  @ApiOkResponse({ type: ExamPreviewDto })
  @ApiErrors(ExamErrors.NOT_FOUND, ExamErrors.BLUEPRINT_SHORTFALL)
  preview(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExamPreviewDto> {
    return this.exams.preview(me, id);
  }

  @Post(':id/extra-time')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Extra time for one person (reason recorded, audited); moves their deadline',
  })
  @ApiOkResponse({ type: ExtraTimeResponseDto })
  @ApiErrors(ExamErrors.NOT_FOUND, ExamErrors.EXTRA_TIME_INVALID)
  grantExtraTime(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: GrantExtraTimeDto,
  ): Promise<ExtraTimeResponseDto> {
    return this.exams.grantExtraTime(me, id, dto);
  }
}
