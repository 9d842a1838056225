import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class DossierQueryDto {
  @ApiPropertyOptional({ description: 'Default: the current year (configured time zone)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class DossierStaffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) position!: string | null;
  @ApiProperty() partyMember!: boolean;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'date' }) employmentStart!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) employmentEnd!: string | null;
  @ApiProperty() active!: boolean;
}

export class DossierPlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() status!: string;
  @ApiProperty() requiredHours!: number;
  @ApiProperty({ description: 'Pass mark of the plan, percent' }) passMark!: number;
}

export class DossierExemptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ format: 'date' }) approvedOn!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason!: string | null;
}

export class HoursByKindDto {
  @ApiProperty({
    enum: [
      'session',
      'makeup_study',
      'self_study',
      'practice',
      'court_hearing',
      'external_training',
    ],
  })
  kind!: string;
  @ApiProperty({ example: '集体学习' }) label!: string;
  @ApiProperty({ description: 'Credited hours in the period' }) hours!: number;
  @ApiProperty({ description: 'Credited records' }) records!: number;
}

export class DossierLawDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) firstStudiedOn!: string | null;
}

export class DossierRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  @ApiProperty() title!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ enum: ['credited', 'pending', 'rejected', 'revoked'] }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: [String], description: 'Laws covered (short titles)' }) laws!: string[];
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: Object, nullable: true }) details!: Record<string, unknown> | null;
}

export class DossierStudyDto {
  @ApiProperty({ description: 'Credited hours in the period (up to asOf)' }) totalHours!: number;
  @ApiProperty({ nullable: true, type: Number }) requiredHours!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) hoursMet!: boolean | null;
  @ApiProperty({ type: [HoursByKindDto] }) byKind!: HoursByKindDto[];
  @ApiProperty({ type: [DossierLawDto] }) requiredLaws!: DossierLawDto[];
  @ApiProperty({ type: [DossierLawDto] }) lawsMissing!: DossierLawDto[];
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Met the study requirement (hours and required laws); null without a plan',
  })
  met!: boolean | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) metOn!: string | null;
  @ApiProperty({ description: 'Hours of records waiting for a secretary' }) pendingHours!: number;
  @ApiProperty({ type: [DossierRecordDto], description: 'Every record in the period, any status' })
  records!: DossierRecordDto[];
}

export class DossierSessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ example: '2026年第2次党组理论学习中心组集体学习' }) label!: string;
  @ApiProperty() type!: string;
  @ApiProperty() typeLabel!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty() creditedHours!: number;
  @ApiProperty({
    enum: ['attended', 'late', 'excused', 'missed', 'unmarked'],
    description: 'attended (present), late, excused, missed (absent), unmarked (not closed yet)',
  })
  outcome!: 'attended' | 'late' | 'excused' | 'missed' | 'unmarked';
  @ApiProperty() outcomeLabel!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) checkedInAt!: string | null;
  @ApiProperty({ enum: ['open', 'completed'], nullable: true, type: String })
  makeup!: 'open' | 'completed' | null;
}

export class DossierSessionsDto {
  @ApiProperty() invited!: number;
  @ApiProperty({ description: 'Present or late' }) attended!: number;
  @ApiProperty() late!: number;
  @ApiProperty() excused!: number;
  @ApiProperty({ description: 'Absent' }) missed!: number;
  @ApiProperty({ description: 'Missed sessions marked required' }) missedRequired!: number;
  @ApiProperty() unmarked!: number;
  @ApiProperty({ type: [DossierSessionDto] }) items!: DossierSessionDto[];
}

export class DossierAttemptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() attemptNo!: number;
  @ApiProperty({ enum: ['in_progress', 'finished'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty() maxScore!: number;
  @ApiProperty({ nullable: true, type: Number }) percentage!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty() gradingPending!: boolean;
  @ApiProperty({ description: 'The attempt whose score counts' }) counted!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      "In one's own dossier, when the exam's review policy shows this result (score, percentage and pass are null until then); null when shown",
  })
  resultVisibleFrom!: string | null;
}

export class DossierExamDto {
  @ApiProperty({ format: 'uuid' }) examId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['official', 'mock', 'makeup'] }) kind!: string;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({
    description: 'An official exam of the plan or its make-up (counts for the rates)',
  })
  countsForPlan!: boolean;
  @ApiProperty({ description: 'In the audience fixed at publishing' }) candidate!: boolean;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty() passMark!: number;
  @ApiProperty({
    enum: ['upcoming', 'not_started', 'in_progress', 'submitted', 'passed', 'failed', 'absent'],
  })
  standing!: string;
  @ApiProperty() standingLabel!: string;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxScore!: number | null;
  @ApiProperty({ nullable: true, type: Number }) percentage!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty({ type: [DossierAttemptDto] }) attempts!: DossierAttemptDto[];
}

export class DossierExamsDto {
  @ApiProperty({
    enum: ['none', 'in_progress', 'pending', 'failed', 'passed'],
    description: 'As the compliance figures count it (official exams of the plan and make-ups)',
  })
  state!: string;
  @ApiProperty() stateLabel!: string;
  @ApiProperty({ description: '参考: a submitted attempt of the official exam or a make-up' })
  sat!: boolean;
  @ApiProperty({ description: '通过: passed the official exam or a make-up' }) passed!: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) firstSatOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) passedOn!: string | null;
  @ApiProperty({ nullable: true, type: Number }) bestPercentage!: number | null;
  @ApiProperty({ description: 'Passed only in a make-up' }) passedByMakeup!: boolean;
  @ApiProperty({ type: [DossierExamDto] }) items!: DossierExamDto[];
}

export class DossierFlagDto {
  @ApiProperty({ example: 'OFFICIAL_NOT_PASSED' }) code!: string;
  @ApiProperty({ example: '年度学法考试（正式考试）未通过或缺考，当年不得评为先进' })
  text!: string;
  @ApiProperty({ example: 'official_not_passed', description: 'The rule’s condition' })
  when!: string;
}

/** One person's evidence for one year (product.md §4 "Compliance and HR evidence"). */
export class DossierDto {
  @ApiProperty({ type: DossierStaffDto }) staff!: DossierStaffDto;
  @ApiProperty() year!: number;
  @ApiProperty({ type: DossierPlanDto, nullable: true }) plan!: DossierPlanDto | null;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ format: 'date', description: 'Counted up to this day (today while it runs)' })
  asOf!: string;
  @ApiProperty({ description: 'The period is over: the study and exam flags are final' })
  periodEnded!: boolean;
  @ApiProperty({ description: 'On the roster at some time in the period' }) onRoster!: boolean;
  @ApiProperty({ description: 'An active exemption (免考免学) from the plan' }) exempted!: boolean;
  @ApiProperty({ type: [DossierExemptionDto] }) exemptions!: DossierExemptionDto[];
  @ApiProperty({ type: DossierStudyDto }) study!: DossierStudyDto;
  @ApiProperty({ type: DossierSessionsDto }) sessions!: DossierSessionsDto;
  @ApiProperty({ type: DossierExamsDto }) exams!: DossierExamsDto;
  @ApiProperty({
    type: [DossierSessionDto],
    description: 'Make-up study tasks (补学) of missed or excused sessions',
  })
  makeups!: DossierSessionDto[];
  @ApiProperty({ type: [DossierFlagDto] }) flags!: DossierFlagDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
}
