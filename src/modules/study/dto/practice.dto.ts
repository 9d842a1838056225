import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim } from '../../../common/validation/transforms';
import { QUESTION_TYPES } from '../../question-bank';
import type { QuestionType } from '../../question-bank';
import { PRACTICE_SOURCES, QUIZ_STATUSES } from '../entities/practice.entity';
import type { PracticeSource, QuizStatus } from '../entities/practice.entity';
import type { WrongBookChange } from '../study-rules';

export const PRACTICE_MIN_COUNT = 5;
export const PRACTICE_MAX_COUNT = 50;

export class StartPracticeDto {
  @ApiPropertyOptional({
    enum: PRACTICE_SOURCES,
    default: 'law',
    description: 'law: questions on a law (chapter, article range); wrong_book: my 错题本',
  })
  @IsOptional()
  @IsIn(PRACTICE_SOURCES)
  source?: PracticeSource;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required for source law; narrows a wrong_book quiz to one law',
  })
  @ValidateIf((o: StartPracticeDto) => (o.source ?? 'law') === 'law' || o.lawId !== undefined)
  @IsUUID()
  lawId?: string;

  @ApiPropertyOptional({
    example: '第二章',
    description: 'A chapter or section of the current text (key as in GET /laws/:id/tree)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nodeKey?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  articleFrom?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  articleTo?: number;

  @ApiPropertyOptional({
    minimum: PRACTICE_MIN_COUNT,
    maximum: PRACTICE_MAX_COUNT,
    default: 10,
    description: 'Questions wanted; fewer when the range holds fewer',
  })
  @IsOptional()
  @IsInt()
  @Min(PRACTICE_MIN_COUNT)
  @Max(PRACTICE_MAX_COUNT)
  count?: number;
}

export class PracticeAnswerDto {
  @ApiProperty({
    type: [String],
    description:
      'Choice: the displayed letters chosen (["B"], ["A","C"]); true/false: ["A"] or ["B"]; fill-in: one string per blank',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  response!: string[];
}

export class ListPracticeQueryDto extends PageQueryDto {}

export class PracticeQuestionDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [String], description: 'In the order shown, lettered A, B, …' })
  options!: string[];
  @ApiProperty({ description: 'fill_blank: number of blanks' }) blanks!: number;
  @ApiProperty() answered!: boolean;
  @ApiProperty({ type: [String], nullable: true }) response!: string[] | null;
  @ApiPropertyOptional({ description: 'Answered questions only' }) correct?: boolean;
  @ApiPropertyOptional({ description: 'Answered questions only: the key in the shown letters' })
  correctAnswer?: unknown;
  @ApiPropertyOptional({ description: 'Answered questions only' }) explanation?: string;
}

export class PracticeQuizSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PRACTICE_SOURCES }) source!: PracticeSource;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lawId!: string | null;
  @ApiProperty({ example: '《示范市信访工作办法》第一章' }) scopeLabel!: string;
  @ApiProperty({ enum: QUIZ_STATUSES }) status!: QuizStatus;
  @ApiProperty() questionCount!: number;
  @ApiProperty() answeredCount!: number;
  @ApiProperty() correctCount!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Study minutes earned once finished (0: no study record)',
  })
  creditedMinutes!: number | null;
}

export class PracticeQuizDto extends PracticeQuizSummaryDto {
  @ApiProperty({ type: [PracticeQuestionDto] }) questions!: PracticeQuestionDto[];
}

export class WrongBookStateDto {
  @ApiProperty({ description: 'The question is in my 错题本 after this answer' }) inBook!: boolean;
  @ApiProperty({ description: 'Right answers in a row (two take it out of the book)' })
  rightStreak!: number;
  @ApiProperty({ enum: ['entered', 'stayed', 'left', 'none'] }) change!: WrongBookChange;
}

export class PracticeFeedbackDto {
  @ApiProperty() position!: number;
  @ApiProperty() correct!: boolean;
  @ApiProperty({ type: [String] }) response!: string[];
  @ApiProperty({ description: 'The key in the shown letters (fill-in: accepted answers)' })
  correctAnswer!: unknown;
  @ApiProperty() explanation!: string;
  @ApiProperty({ type: WrongBookStateDto }) wrongBook!: WrongBookStateDto;
  @ApiProperty({ type: PracticeQuizSummaryDto }) quiz!: PracticeQuizSummaryDto;
}

export class WrongAnswerDto {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty() wrongCount!: number;
  @ApiProperty({ description: 'Right answers in a row since the last wrong one' })
  rightStreak!: number;
  @ApiProperty() firstWrongAt!: string;
  @ApiProperty() lastWrongAt!: string;
}

export class ListWrongAnswersQueryDto extends PageQueryDto {}
