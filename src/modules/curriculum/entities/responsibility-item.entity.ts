import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LawEntity } from './law.entity';
import { StudyPlanEntity } from './study-plan.entity';

export const ITEM_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One line of the 普法责任清单: a law or topic, the activity, who is responsible, by when. */
@Entity('responsibility_item')
@Check('CHK_responsibility_item_status', `"status" IN ('planned','in_progress','done')`)
export class ResponsibilityItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity;

  @Column({ type: 'uuid', nullable: true })
  lawId!: string | null;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity | null;

  /** The law's short title or a free topic (e.g. 宪法宣传周). */
  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ type: 'varchar', length: 500 })
  activity!: string;

  @Column({ type: 'varchar', length: 100 })
  owner!: string;

  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status!: ItemStatus;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;
}
