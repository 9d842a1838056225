import { Body, Controller, Get, HttpCode, Post, Put, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff, RevealsAnswerKeys, Roles } from '../../../common/auth';
import { attachment, XLSX } from '../../../common/http/download';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { IdParam, IntParam } from '../../../common/validation';
import { ExamDetailResponseDto } from '../dto/exam.dto';
import {
  AttemptReviewDto,
  CreateMakeupDto,
  ExamResultsDto,
  ExamStatisticsDto,
  GradingItemDto,
  GradingQueueQueryDto,
  KeyCorrectionDto,
  KeyCorrectionResponseDto,
  ManualGradeDto,
  ManualGradeResponseDto,
  ResultsQueryDto,
} from '../dto/results.dto';
import { ExamGradingService } from './exam-grading.service';
import { ExamMakeupService } from './exam-makeup.service';
import { ExamResultsService } from './exam-results.service';
import { ExamErrors } from '../exams.errors';

/** After the exam: results, statistics, grading, key corrections, make-ups (secretary, admin). */
@ApiTags('考试管理 exams')
@ApiBearerAuth()
@Controller('exams')
@Roles('secretary', 'admin')
export class ExamResultsController {
  constructor(
    private readonly results: ExamResultsService,
    private readonly grading: ExamGradingService,
    private readonly makeups: ExamMakeupService,
  ) {}

  @Get(':id/results')
  @ApiOperation({
    summary:
      'Everyone in the audience with their status (not started … absent), attempts and counted score; figures and the score distribution',
  })
  @ApiOkResponse({ type: ExamResultsDto })
  @ApiErrors(ExamErrors.NOT_FOUND)
  list(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: ResultsQueryDto,
  ): Promise<ExamResultsDto> {
    return this.results.results(me, id, q);
  }

  @Get(':id/results/export')
  @ApiOperation({ summary: 'The results as an Excel workbook (成绩, 统计)' })
  @ApiProduces(XLSX)
  @ApiErrors(ExamErrors.NOT_FOUND)
  async export(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<StreamableFile> {
    const { file, name } = await this.results.exportExcel(me, id);
    return new StreamableFile(file, { type: XLSX, disposition: attachment(name, 'exam-results') });
  }

  @RevealsAnswerKeys()
  @Get(':id/statistics')
  @ApiOperation({
    summary:
      'Item statistics of the graded attempts: facility and discrimination per question, rolled up per law article',
  })
  @ApiOkResponse({ type: ExamStatisticsDto })
  @ApiErrors(ExamErrors.NOT_FOUND)
  statistics(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExamStatisticsDto> {
    return this.results.statistics(me, id);
  }

  @RevealsAnswerKeys()
  @Get(':id/attempts/:attemptId')
  @ApiOperation({
    summary: 'One attempt in full: answers, scores, keys, graders’ comments, focus-loss events',
  })
  @ApiOkResponse({ type: AttemptReviewDto })
  @ApiErrors(ExamErrors.NOT_FOUND, ExamErrors.ATTEMPT_NOT_FOUND)
  attempt(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('attemptId') attemptId: string,
  ): Promise<AttemptReviewDto> {
    return this.results.attemptReview(me, id, attemptId);
  }

  @RevealsAnswerKeys()
  @Get(':id/grading')
  @ApiOperation({ summary: 'Short answers to grade by hand; names hidden unless showNames=true' })
  @ApiOkResponse({ type: [GradingItemDto] })
  @ApiErrors(ExamErrors.NOT_FOUND)
  gradingQueue(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: GradingQueueQueryDto,
  ): Promise<GradingItemDto[]> {
    return this.grading.queue(me, id, q);
  }

  @RevealsAnswerKeys()
  @Put(':id/attempts/:attemptId/grades/:position')
  @ApiOperation({
    summary: 'Grade (or regrade) one short answer; the total is recomputed (audited)',
  })
  @ApiOkResponse({ type: ManualGradeResponseDto })
  @ApiErrors(
    ExamErrors.NOT_FOUND,
    ExamErrors.ATTEMPT_NOT_FOUND,
    ExamErrors.POSITION_INVALID,
    ExamErrors.ATTEMPT_NOT_FINISHED,
    ExamErrors.GRADE_NOT_MANUAL,
    ExamErrors.SCORE_OUT_OF_RANGE,
  )
  grade(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('attemptId') attemptId: string,
    @IntParam('position', '题号') position: number,
    @Body() dto: ManualGradeDto,
  ): Promise<ManualGradeResponseDto> {
    return this.grading.grade(me, id, attemptId, position, dto);
  }

  @RevealsAnswerKeys()
  @Post(':id/key-corrections')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Correct the answer key of one question for this exam: every finished attempt with it is regraded (audited)',
  })
  @ApiOkResponse({ type: KeyCorrectionResponseDto })
  @ApiErrors(
    ExamErrors.NOT_FOUND,
    ExamErrors.QUESTION_NOT_IN_EXAM,
    ExamErrors.KEY_CORRECTION_DRAFT,
    ExamErrors.KEY_NOT_GRADABLE,
    ExamErrors.KEY_INVALID,
  )
  correctKey(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: KeyCorrectionDto,
  ): Promise<KeyCorrectionResponseDto> {
    return this.grading.correctKey(me, id, dto);
  }

  @Post(':id/makeups')
  @ApiOperation({
    summary:
      'Create a make-up exam for everyone who failed or was absent (draft, or published with publish=true)',
  })
  @ApiCreatedResponse({ type: ExamDetailResponseDto })
  @ApiErrors(
    ExamErrors.NOT_FOUND,
    ExamErrors.MAKEUP_NOT_OFFICIAL,
    ExamErrors.MAKEUP_TOO_EARLY,
    ExamErrors.MAKEUP_UNSETTLED,
    ExamErrors.MAKEUP_NOBODY,
    ExamErrors.WINDOW_INVALID,
    ExamErrors.BLUEPRINT_SHORTFALL,
    ExamErrors.QUESTION_UNAVAILABLE,
  )
  createMakeup(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: CreateMakeupDto,
  ): Promise<ExamDetailResponseDto> {
    return this.makeups.create(me, id, dto);
  }
}
