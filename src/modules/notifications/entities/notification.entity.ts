import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StaffEntity } from '../../staff';

/** One message in one person's in-app inbox. */
@Entity('notification')
// a dedup key reaches a person once (retried jobs, double clicks); NULL keys never collide
@Index('UQ_notification_dedup', ['staffId', 'dedupKey'], { unique: true })
// the inbox, newest first
@Index('IDX_notification_inbox', ['staffId', 'createdAt'])
// the unread badge and the unread filter
@Index('IDX_notification_unread', ['staffId', 'createdAt'], { where: '"read_at" IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  /** What it is about: session_reminder, session_cancelled, leave_decided, makeup_task … */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** What a client needs to link to the subject, e.g. { sessionId }. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupKey!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
