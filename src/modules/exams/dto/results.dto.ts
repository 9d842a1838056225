import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { QueryBoolean, Trim } from '../../../common/validation/transforms';
import { IsDecimalNumber } from '../../../common/validation/numbers';
import { AttemptQuestionDto } from './attempt.dto';
import { STANDING_STATUSES } from '../results/standing';
import type { StandingStatus } from '../results/standing';

export class ResultsQueryDto {
  @ApiPropertyOptional({ enum: STANDING_STATUSES, description: 'Only people with this status' })
  @IsOptional()
  @IsIn(STANDING_STATUSES)
  status?: StandingStatus;
}

export class AttemptSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() attemptNo!: number;
  @ApiProperty({ enum: ['in_progress', 'finished'] }) status!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty() deadlineAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['examinee', 'timer', 'sweeper', 'read'],
    description: 'Who finished it: the examinee, the deadline timer, the sweeper, a late read',
  })
  finalisedBy!: string | null;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty() maxScore!: number;
  @ApiProperty({ nullable: true, type: Number }) percentage!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty() gradingPending!: boolean;
  @ApiProperty({ description: 'Times the examinee left the exam window' }) focusLossCount!: number;
}

export class OfficialResultDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Best counted percentage across the official exam and its make-ups',
  })
  bestPercentage!: number | null;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Where it was earned' })
  examId!: string | null;
}

export class CandidateResultDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: STANDING_STATUSES }) status!: StandingStatus;
  @ApiProperty({ example: '未开始', description: 'The status in Chinese, as in the Excel export' })
  statusLabel!: string;
  @ApiProperty() attemptsUsed!: number;
  @ApiProperty() attemptsLeft!: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The attempt whose score counts (by the exam’s score policy)',
  })
  countedAttemptId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ nullable: true, type: Number }) percentage!: number | null;
  @ApiProperty({ description: 'Focus losses over all attempts' }) focusLossCount!: number;
  @ApiProperty({ description: 'Extra minutes granted' }) extraMinutes!: number;
  @ApiPropertyOptional({
    type: OfficialResultDto,
    description: 'Official exams only: the result that counts for 参考率 and 通过率',
  })
  official?: OfficialResultDto;
  @ApiProperty({ type: [AttemptSummaryDto] }) attempts!: AttemptSummaryDto[];
}

export class DistributionBucketDto {
  @ApiProperty({ example: '60–69' }) label!: string;
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty() count!: number;
}

export class RateDto {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Percent, one decimal' })
  percent!: number | null;
}

export class ResultsSummaryDto {
  @ApiProperty() candidates!: number;
  @ApiProperty({
    description: 'People per status',
    example: { passed: 25, failed: 2, absent: 1, submitted: 1 },
  })
  byStatus!: Record<StandingStatus, number>;
  @ApiProperty({ type: RateDto, description: 'People with a finished attempt ÷ candidates' })
  sat!: RateDto;
  @ApiProperty({ type: RateDto, description: 'People who passed ÷ candidates' })
  passed!: RateDto;
  @ApiProperty({ type: RateDto, description: 'People who passed ÷ people with a counted result' })
  passedOfSat!: RateDto;
  @ApiPropertyOptional({
    type: RateDto,
    description: 'Official exams: passed in the official exam or a make-up ÷ candidates',
  })
  officialPassed?: RateDto;
  @ApiProperty({ nullable: true, type: Number }) meanPercentage!: number | null;
  @ApiProperty({ nullable: true, type: Number }) highestPercentage!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lowestPercentage!: number | null;
  @ApiProperty({ description: 'Attempts waiting for a person to grade a short answer' })
  attemptsPendingGrading!: number;
  @ApiProperty({ type: [DistributionBucketDto], description: 'Counted percentages, by tens' })
  distribution!: DistributionBucketDto[];
}

export class ExamResultsDto {
  @ApiProperty({ format: 'uuid' }) examId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['official', 'mock', 'makeup'] }) kind!: string;
  @ApiProperty() passMark!: number;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: ResultsSummaryDto }) summary!: ResultsSummaryDto;
  @ApiProperty({ type: [CandidateResultDto] }) candidates!: CandidateResultDto[];
}

export class ArticleRefDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() lawTitle!: string;
  @ApiProperty() articleNumber!: number;
}

export class ItemStatisticDto {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'The stem, shortened' }) stem!: string;
  @ApiProperty() responses!: number;
  @ApiProperty({ nullable: true, type: Number, description: '0–1: mean share of points earned' })
  facility!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '−1–1: correlation with the rest of the paper; null when undefined',
  })
  discrimination!: number | null;
  @ApiProperty({ type: [ArticleRefDto] }) articles!: ArticleRefDto[];
}

export class ArticleStatisticDto extends ArticleRefDto {
  @ApiProperty() questions!: number;
  @ApiProperty() responses!: number;
  @ApiProperty({ nullable: true, type: Number }) facility!: number | null;
  @ApiProperty({ nullable: true, type: Number }) discrimination!: number | null;
}

export class ExamStatisticsDto {
  @ApiProperty({ format: 'uuid' }) examId!: string;
  @ApiProperty({ description: 'Finished, fully graded attempts the figures rest on' })
  attempts!: number;
  @ApiProperty({ type: [ItemStatisticDto] }) questions!: ItemStatisticDto[];
  @ApiProperty({ type: [ArticleStatisticDto] }) articles!: ArticleStatisticDto[];
}

export class GradingQueueQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'graded', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'graded', 'all'])
  state?: 'pending' | 'graded' | 'all';

  @ApiPropertyOptional({
    default: false,
    description: 'Show examinee names (hidden by default so grading is blind)',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  showNames?: boolean;
}

export class GradingItemDto {
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'An anonymous label, or the name when showNames=true' })
  examinee!: string;
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() stem!: string;
  @ApiProperty({ description: 'The reference answer' }) referenceAnswer!: string;
  @ApiProperty({ type: [String], description: 'Scoring points' }) keywords!: string[];
  @ApiProperty() points!: number;
  @ApiProperty({ description: 'What the examinee wrote ("" if nothing)' }) response!: string;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ nullable: true, type: String }) feedback!: string | null;
  @ApiProperty({ nullable: true, type: String }) gradedAt!: string | null;
}

export class ManualGradeDto {
  @ApiProperty({ example: 8.5 })
  @Type(() => Number)
  @IsDecimalNumber(2)
  @Min(0)
  @Max(100)
  score!: number;

  @ApiPropertyOptional({ example: '要点齐全，表述略有欠缺' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  feedback?: string;
}

export class ManualGradeResponseDto {
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() score!: number;
  @ApiProperty({ description: 'Attempt total after this grade' }) attemptScore!: number;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty() gradingPending!: boolean;
}

export class KeyCorrectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  questionId!: string;

  @ApiProperty({
    description:
      'The corrected key in the bank’s form: "B"; ["A","C"]; "A"/"B" for true/false; [["十五日","15日"]] for blanks',
    example: 'B',
  })
  @IsDefined()
  answer!: unknown;

  @ApiProperty({ example: '原答案与条文不符，应为十五日' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class KeyCorrectionResponseDto {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ description: 'Finished attempts regraded' }) regraded!: number;
  @ApiProperty({ description: 'Of those, attempts whose score changed' }) scoreChanged!: number;
  @ApiProperty({ description: 'Of those, attempts whose pass / fail changed' })
  passChanged!: number;
}

export class CreateMakeupDto {
  @ApiPropertyOptional({ example: '2026年度学法考试（补考）' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: '2026-12-10T01:00:00Z' })
  @IsISO8601({ strict: true })
  opensAt!: string;

  @ApiProperty({ example: '2026-12-12T09:00:00Z' })
  @IsISO8601({ strict: true })
  closesAt!: string;

  @ApiPropertyOptional({ description: 'Minutes; default: the official exam’s' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number;

  @ApiPropertyOptional({ default: false, description: 'Publish it at once' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class AttemptReviewQuestionDto extends AttemptQuestionDto {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The grader’s comment' })
  feedback?: string | null;
}

export class AttemptEventViewDto {
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ nullable: true, type: Object }) details!: Record<string, unknown> | null;
}

export class AttemptReviewDto {
  @ApiProperty({ type: AttemptSummaryDto }) attempt!: AttemptSummaryDto;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [AttemptReviewQuestionDto], description: 'With responses, scores and keys' })
  questions!: AttemptReviewQuestionDto[];
  @ApiProperty({ type: [AttemptEventViewDto], description: 'Focus losses and the like, in order' })
  events!: AttemptEventViewDto[];
}
