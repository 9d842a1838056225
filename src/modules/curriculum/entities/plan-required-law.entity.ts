import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LawEntity } from './law.entity';
import { StudyPlanEntity } from './study-plan.entity';

/** A law the plan requires, optionally narrowed to chapters (node keys) or articles. */
@Entity('plan_required_law')
@Index('UQ_plan_required_law', ['planId', 'lawId'], { unique: true })
export class PlanRequiredLawEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity;

  @Column({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  /** Chapter or section keys (第一编/第二章); empty = the whole law. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  nodeKeys!: string[];

  /** Article numbers; empty = the whole law (or the chapters above). */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  articles!: number[];

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;
}
