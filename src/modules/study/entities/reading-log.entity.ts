import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LawEntity } from '../../curriculum';
import { StaffEntity } from '../../staff';

/**
 * Self-study reading time per person, day (configured time zone) and article, accumulated from
 * reading heartbeats. The raw evidence behind each day's self-study record.
 */
@Entity('reading_log')
@Check('CHK_reading_log_seconds', `"seconds" >= 0 AND "beats" >= 1`)
export class ReadingLogEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  @PrimaryColumn({ type: 'int' })
  articleNumber!: number;

  /** Seconds credited to this article that day (never more than the time that really passed). */
  @Column({ type: 'int', default: 0 })
  seconds!: number;

  @Column({ type: 'int', default: 1 })
  beats!: number;

  @Column({ type: 'timestamptz' })
  firstBeatAt!: Date;

  @Column({ type: 'timestamptz' })
  lastBeatAt!: Date;
}
