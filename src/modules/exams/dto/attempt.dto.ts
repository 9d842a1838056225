import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { hasExactlyKeys, registerFastCheck } from '../../../common/validation/fast-validation';
import { QUESTION_TYPES } from '../../question-bank';
import type { QuestionType } from '../../question-bank';
import { STANDING_STATUSES } from '../results/standing';
import type { StandingStatus } from '../results/standing';

/** Answers per question and characters per answer (the DTO's rules and its fast check). */
export const SAVE_ANSWER_LIMITS = { responses: 20, chars: 5000 } as const;

export class SaveAnswerDto {
  @ApiProperty({
    description:
      'The client’s counter for this question: a save with a lower number than the stored one is ignored',
    example: 3,
  })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;

  @ApiProperty({
    type: [String],
    description:
      'Choice: the displayed letters chosen (["B"], ["A","C"]); true/false: ["A"] or ["B"]; fill-in: one string per blank; short answer: [text]. [] clears.',
  })
  @IsArray()
  @ArrayMaxSize(SAVE_ANSWER_LIMITS.responses)
  @IsString({ each: true })
  @MaxLength(SAVE_ANSWER_LIMITS.chars, { each: true })
  response!: string[];
}

/** SaveAnswerDto's rules above, precompiled for the autosave: accepts only what they accept. */
registerFastCheck(SaveAnswerDto, (body) => {
  if (!hasExactlyKeys(body, ['seq', 'response'])) return undefined;
  const { seq, response } = body;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) return undefined;
  if (seq > Number.MAX_SAFE_INTEGER) return undefined;
  if (!Array.isArray(response) || response.length > SAVE_ANSWER_LIMITS.responses) return undefined;
  for (const r of response as unknown[]) {
    // class-validator counts a surrogate pair as one character: up to the limit in UTF-16
    // units is certainly within it; anything longer is left to class-validator
    if (typeof r !== 'string' || r.length > SAVE_ANSWER_LIMITS.chars) return undefined;
  }
  const dto = new SaveAnswerDto();
  dto.seq = seq;
  dto.response = (response as string[]).slice();
  return dto;
});

export class SaveAnswerResponseDto {
  @ApiProperty({ description: 'false when a newer save (higher seq) was already stored' })
  applied!: boolean;
  @ApiProperty({ description: 'The sequence number now stored' }) seq!: number;
  @ApiProperty() savedAt!: string;
}

export const ATTEMPT_EVENT_KINDS = [
  'focus_lost',
  'focus_returned',
  'page_hidden',
  'page_visible',
] as const;

export class AttemptEventDto {
  @ApiProperty({ enum: ATTEMPT_EVENT_KINDS })
  @IsIn(ATTEMPT_EVENT_KINDS)
  kind!: (typeof ATTEMPT_EVENT_KINDS)[number];

  @ApiPropertyOptional({ description: 'The client’s clock, kept for reference only' })
  @IsOptional()
  @IsISO8601({ strict: true })
  clientTime?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class AttemptQuestionDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [String], description: 'In the order shown, lettered A, B, …' })
  options!: string[];
  @ApiProperty({ description: 'fill_blank: number of blanks' }) blanks!: number;
  @ApiProperty() points!: number;
  @ApiProperty({ type: [String], nullable: true, description: 'The saved answer' })
  response!: string[] | null;
  @ApiProperty({ nullable: true, type: Number }) seq!: number | null;
  @ApiPropertyOptional({ description: 'Review only: the score of this question' })
  score?: number | null;
  @ApiPropertyOptional({ description: 'Review with answers only: the key in the shown letters' })
  correctAnswer?: unknown;
  @ApiPropertyOptional({ description: 'Review with answers only' }) explanation?: string;
}

export class AttemptResultDto {
  @ApiProperty({ description: 'false until the review policy allows the result to be shown' })
  visible!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When it will be (after the window closes)',
  })
  visibleFrom!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) score?: number | null;
  @ApiPropertyOptional() maxScore?: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) percentage?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) passed?: boolean | null;
  @ApiPropertyOptional({ description: 'A short answer still waits for a person' })
  gradingPending?: boolean;
}

export class AttemptViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) examId!: string;
  @ApiProperty() examTitle!: string;
  @ApiProperty() attemptNo!: number;
  @ApiProperty({ enum: ['in_progress', 'finished'] }) status!: 'in_progress' | 'finished';
  @ApiProperty() startedAt!: string;
  @ApiProperty({ description: 'When the attempt closes (server time)' }) deadlineAt!: string;
  @ApiProperty({ description: 'The server’s clock now: display only, the server decides' })
  serverTime!: string;
  @ApiProperty() remainingSeconds!: number;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: [AttemptQuestionDto] }) questions!: AttemptQuestionDto[];
  @ApiPropertyOptional({ type: AttemptResultDto }) result?: AttemptResultDto;
}

export class MyExamAttemptDto {
  @ApiProperty({ format: 'uuid', description: 'Opens the review with GET /exam-attempts/:id' })
  id!: string;
  @ApiProperty() attemptNo!: number;
  @ApiProperty({ enum: ['in_progress', 'finished'] }) status!: 'in_progress' | 'finished';
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    type: AttemptResultDto,
    nullable: true,
    description:
      'Finished attempts only: the score as the review policy allows (visible false + visibleFrom until then)',
  })
  result!: AttemptResultDto | null;
}

export class MyExamDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['official', 'mock', 'makeup'] }) kind!: string;
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() passMark!: number;
  @ApiProperty({ enum: STANDING_STATUSES }) status!: StandingStatus;
  @ApiProperty() attemptsAllowed!: number;
  @ApiProperty() attemptsLeft!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) openAttemptId!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The score that counts, when visible' })
  bestScore!: number | null;
  @ApiProperty({ type: [MyExamAttemptDto], description: 'My attempts, oldest first' })
  attempts!: MyExamAttemptDto[];
}

export class HeartbeatResponseDto {
  @ApiProperty() serverTime!: string;
  @ApiProperty() deadlineAt!: string;
  @ApiProperty() remainingSeconds!: number;
  @ApiProperty({ enum: ['in_progress', 'finished'] }) status!: string;
}
