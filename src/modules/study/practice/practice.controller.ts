import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff } from '../../../common/auth';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import type { Page } from '../../../common/pagination/pagination';
import { ApiPageResponse } from '../../../common/pagination/pagination';
import { IdParam, IntParam } from '../../../common/validation';
import {
  ListPracticeQueryDto,
  ListWrongAnswersQueryDto,
  PracticeAnswerDto,
  PracticeFeedbackDto,
  PracticeQuizDto,
  PracticeQuizSummaryDto,
  StartPracticeDto,
  WrongAnswerDto,
} from '../dto/practice.dto';
import { PracticeService } from './practice.service';
import { StudyErrors } from '../study.errors';

/**
 * Practice quizzes with immediate feedback, and the wrong-answer book. Someone else's quiz: 404.
 * While the caller has an exam attempt in progress everything but the list answers 409.
 */
@ApiTags('练习与错题本 practice')
@ApiBearerAuth()
@Controller('me')
export class PracticeController {
  constructor(private readonly practice: PracticeService) {}

  @Post('practice')
  @ApiOperation({
    summary:
      'Draw a quiz from the active, unflagged questions on a law (a chapter or an article range), or from my wrong-answer book: without keys',
  })
  @ApiCreatedResponse({ type: PracticeQuizDto })
  @ApiErrors(
    StudyErrors.LAW_NOT_FOUND,
    StudyErrors.CHAPTER_NOT_FOUND,
    StudyErrors.LAW_NO_TEXT,
    StudyErrors.PRACTICE_SCOPE_INVALID,
    StudyErrors.NO_QUESTIONS,
    StudyErrors.WRONG_BOOK_EMPTY,
    StudyErrors.EXAM_IN_PROGRESS,
  )
  start(@CurrentStaff() me: Principal, @Body() dto: StartPracticeDto): Promise<PracticeQuizDto> {
    return this.practice.start(me, dto);
  }

  @Get('practice')
  @ApiOperation({ summary: 'My practice quizzes, newest first' })
  @ApiPageResponse(PracticeQuizSummaryDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() query: ListPracticeQueryDto,
  ): Promise<Page<PracticeQuizSummaryDto>> {
    return this.practice.list(me, query);
  }

  @Get('practice/:id')
  @ApiOperation({ summary: 'Resume or review a quiz: keys only for answered questions' })
  @ApiOkResponse({ type: PracticeQuizDto })
  @ApiErrors(StudyErrors.QUIZ_NOT_FOUND, StudyErrors.EXAM_IN_PROGRESS)
  view(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<PracticeQuizDto> {
    return this.practice.view(me, id);
  }

  @Post('practice/:id/answers/:position')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer one question (once): right or wrong, the key and the explanation at once; wrong answers go into my wrong-answer book, two right in a row take them out. The last answer finishes the quiz',
  })
  @ApiOkResponse({ type: PracticeFeedbackDto })
  @ApiErrors(
    StudyErrors.QUIZ_NOT_FOUND,
    StudyErrors.POSITION_INVALID,
    StudyErrors.ALREADY_ANSWERED,
    StudyErrors.QUIZ_FINISHED,
    StudyErrors.EXAM_IN_PROGRESS,
    StudyErrors.QUESTION_IN_EXAM,
  )
  answer(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IntParam('position', '题号') position: number,
    @Body() dto: PracticeAnswerDto,
  ): Promise<PracticeFeedbackDto> {
    return this.practice.answer(me, id, position, dto);
  }

  @Post('practice/:id/finish')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'End the quiz with what is answered. It earns a practice record of one minute per answered question, at most the whole minutes spent, when that is at least one minute',
  })
  @ApiOkResponse({ type: PracticeQuizDto })
  @ApiErrors(StudyErrors.QUIZ_NOT_FOUND, StudyErrors.EXAM_IN_PROGRESS)
  finish(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<PracticeQuizDto> {
    return this.practice.finish(me, id);
  }

  @Get('wrong-answers')
  @ApiOperation({ summary: 'My wrong-answer book (错题本), most recently missed first' })
  @ApiPageResponse(WrongAnswerDto)
  @ApiErrors(StudyErrors.EXAM_IN_PROGRESS)
  wrongAnswers(
    @CurrentStaff() me: Principal,
    @Query() query: ListWrongAnswersQueryDto,
  ): Promise<Page<WrongAnswerDto>> {
    return this.practice.wrongAnswers(me, query);
  }
}
