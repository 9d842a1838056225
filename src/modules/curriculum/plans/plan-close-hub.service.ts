import { Injectable } from '@nestjs/common';
import type { StudyPlanEntity } from '../entities/study-plan.entity';

export interface PlanCloseListener {
  /** Runs inside the closing transaction, before the status changes: freeze what must not move. */
  beforePlanClose(plan: StudyPlanEntity): Promise<void>;
}

/**
 * How the curriculum lets modules that depend on it (compliance) act when a plan closes,
 * without depending on them.
 */
@Injectable()
export class PlanCloseHub {
  private readonly listeners: PlanCloseListener[] = [];

  register(listener: PlanCloseListener): void {
    this.listeners.push(listener);
  }

  async closing(plan: StudyPlanEntity): Promise<void> {
    for (const l of this.listeners) await l.beforePlanClose(plan);
  }
}
