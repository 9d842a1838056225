import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { numeric } from '../../../database/numeric.transformer';
import { LawEntity } from '../../curriculum';
import { OrgUnitEntity } from '../../org-units';
import { StaffEntity } from '../../staff';

export const SESSION_TYPES = [
  'theory_group',
  'branch_general',
  'branch_committee',
  'party_group',
  'party_lecture',
  'staff_meeting',
  'law_study',
  'lecture',
  'court_hearing',
  'constitution_day',
  'other',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A repetition rule that was expanded into single sessions (each may then change alone). */
@Entity('study_session_series')
export class StudySessionSeriesEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 16 })
  frequency!: 'weekly' | 'monthly';

  @Column({ type: 'int' })
  interval!: number;

  @Column({ type: 'int' })
  count!: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A study session (中心组学习, 三会一课, 旁听庭审 …) owned by a unit. Until it starts, who is
 * invited follows the roster (units, party members only, named staff); at the start the
 * invitees are fixed into study_session_invitee.
 */
@Entity('study_session')
@Index('IDX_study_session_unit_start', ['unitId', 'startsAt'])
@Index('IDX_study_session_start', ['startsAt'])
@Check('CHK_study_session_time', `"ends_at" > "starts_at"`)
@Check('CHK_study_session_hours', `"credited_hours" >= 0 AND "credited_hours" <= 24`)
@Check('CHK_study_session_status', `"status" IN ('scheduled','cancelled')`)
export class StudySessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 24 })
  type!: SessionType;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineUrl!: string | null;

  /** Who leads it (a name as people say it: 局党组书记 张三). */
  @Column({ type: 'varchar', length: 100 })
  organiser!: string;

  @Column({ type: 'numeric', precision: 4, scale: 2, transformer: numeric })
  creditedHours!: number;

  @Column({ type: 'boolean', default: true })
  required!: boolean;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  inviteUnitIds!: string[];

  /** Of the invited units, party members only (三会一课). Named staff are always invited. */
  @Column({ type: 'boolean', default: false })
  invitePartyOnly!: boolean;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  inviteStaffIds!: string[];

  @Column({ type: 'int', array: true, default: () => "'{1440,60}'" })
  reminderOffsetsMinutes!: number[];

  /** Offsets whose reminder went out for the current start time (reset when it moves). */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  remindersSent!: number[];

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status!: SessionStatus;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  seriesId!: string | null;

  @ManyToOne(() => StudySessionSeriesEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'series_id' })
  series?: StudySessionSeriesEntity | null;

  @Column({ type: 'text', nullable: true })
  minutes!: string | null;

  /** Secret behind the rotating check-in codes; null until the secretary opens check-in. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  checkinSecret!: string | null;

  /** Set at the start: the invitees are fixed from then on. */
  @Column({ type: 'timestamptz', nullable: true })
  inviteesFixedAt!: Date | null;

  /** Set after the end: everyone without a mark was marked absent. */
  @Column({ type: 'timestamptz', nullable: true })
  attendanceClosedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Laws and articles (0 = the law as a whole) a session covers; copied into study records. */
@Entity('study_session_law')
export class StudySessionLawEntity {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @PrimaryColumn({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  @PrimaryColumn({ type: 'int', default: 0 })
  articleNumber!: number;
}

/** The invitees, fixed when the session starts. */
@Entity('study_session_invitee')
@Index('IDX_study_session_invitee_staff', ['staffId'])
export class StudySessionInviteeEntity {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;
}

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** One person's attendance at one session: by check-in, by the secretary, or by the end job. */
@Entity('study_session_attendance')
@Check('CHK_study_session_attendance_status', `"status" IN ('present','late','excused','absent')`)
export class SessionAttendanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: AttendanceStatus;

  /** checkin | secretary | leave | auto */
  @Column({ type: 'varchar', length: 16 })
  source!: 'checkin' | 'secretary' | 'leave' | 'auto';

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  markedBy!: string | null;

  @Column({ type: 'timestamptz' })
  markedAt!: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;
}

export const LEAVE_STATUSES = ['pending', 'approved', 'refused'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];

/** A request to be excused from a session, asked before it starts. */
@Entity('study_session_leave')
@Index('UQ_study_session_leave', ['sessionId', 'staffId'], { unique: true })
export class SessionLeaveEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: LeaveStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A file attached to a session (stored by content hash under the upload directory). */
@Entity('study_session_material')
@Index('IDX_study_session_material_session', ['sessionId'])
export class SessionMaterialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 100 })
  mimeType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Make-up study for someone who missed a session: read its materials and pass a short quiz on
 * its laws; completing it credits the session's hours.
 */
@Entity('study_session_makeup')
export class SessionMakeupEntity {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => StudySessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: StudySessionEntity;

  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: 'open' | 'completed';

  /** The quiz: pinned revisions and option orders, like an exam paper. */
  @Column({ type: 'jsonb' })
  quiz!: { questionId: string; revisionId: string; optionOrder: number[] }[];

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  materialsReadAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** The secret behind a person's calendar feed URL (hash only; revocable by replacing it). */
@Entity('calendar_token')
export class CalendarTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Index('UQ_calendar_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
