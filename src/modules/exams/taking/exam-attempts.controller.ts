import { Body, Controller, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../common/auth';
import { CurrentStaff } from '../../../common/auth';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { IdParam, IntParam } from '../../../common/validation';
import {
  AttemptEventDto,
  AttemptViewDto,
  HeartbeatResponseDto,
  MyExamDto,
  SaveAnswerDto,
  SaveAnswerResponseDto,
} from '../dto/attempt.dto';
import { ExamTakingService } from './exam-taking.service';
import { ExamErrors } from '../exams.errors';

/** The examinee's side. Someone else's attempt is a 404. */
@ApiTags('参加考试 attempts')
@ApiBearerAuth()
@Controller()
export class ExamAttemptsController {
  constructor(private readonly taking: ExamTakingService) {}

  @Get('me/exams')
  @ApiOperation({ summary: 'The exams I may sit, with my status and attempts left' })
  @ApiOkResponse({ type: [MyExamDto] })
  myExams(@CurrentStaff() me: Principal): Promise<MyExamDto[]> {
    return this.taking.myExams(me);
  }

  @Post('exams/:id/attempts')
  @ApiOperation({
    summary:
      'Start an attempt (201), or get the open one back (200): the paper without keys, the deadline and the server time',
  })
  @ApiCreatedResponse({ type: AttemptViewDto })
  @ApiErrors(ExamErrors.NOT_FOUND, ExamErrors.NOT_OPEN, ExamErrors.NO_ATTEMPTS_LEFT)
  async start(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AttemptViewDto> {
    const { created, view } = await this.taking.start(me, id);
    res.status(created ? 201 : 200);
    return view;
  }

  @Get('exam-attempts/:id')
  @ApiOperation({
    summary: 'Resume (same paper, saved answers, time left) or review a finished attempt',
  })
  @ApiOkResponse({ type: AttemptViewDto })
  @ApiErrors(ExamErrors.ATTEMPT_NOT_FOUND)
  view(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<AttemptViewDto> {
    return this.taking.view(me, id);
  }

  @Put('exam-attempts/:id/answers/:position')
  @ApiOperation({
    summary:
      'Autosave one answer. A lower seq than the stored one changes nothing (applied: false). After deadline + grace: 409 EXAMS.ATTEMPT_CLOSED',
  })
  @ApiOkResponse({ type: SaveAnswerResponseDto })
  @ApiErrors(ExamErrors.ATTEMPT_NOT_FOUND, ExamErrors.POSITION_INVALID, ExamErrors.ATTEMPT_CLOSED)
  save(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IntParam('position', '题号') position: number,
    @Body() dto: SaveAnswerDto,
  ): Promise<SaveAnswerResponseDto> {
    return this.taking.save(me, id, position, dto);
  }

  @Post('exam-attempts/:id/submit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hand in (交卷): the attempt is graded; the result shows as the review policy allows',
  })
  @ApiOkResponse({ type: AttemptViewDto })
  @ApiErrors(ExamErrors.ATTEMPT_NOT_FOUND)
  submit(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<AttemptViewDto> {
    return this.taking.submit(me, id);
  }

  @Post('exam-attempts/:id/events')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Report focus loss and page visibility (stored, counted, shown to the secretary)',
  })
  @ApiNoContentResponse()
  @ApiErrors(ExamErrors.ATTEMPT_NOT_FOUND, ExamErrors.ATTEMPT_CLOSED)
  async event(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: AttemptEventDto,
  ): Promise<void> {
    await this.taking.recordEvent(me, id, dto);
  }

  @Post('exam-attempts/:id/heartbeat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keeps the sign-in alive during the exam and returns the time left' })
  @ApiOkResponse({ type: HeartbeatResponseDto })
  @ApiErrors(ExamErrors.ATTEMPT_NOT_FOUND)
  heartbeat(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<HeartbeatResponseDto> {
    return this.taking.heartbeat(me, id);
  }
}
