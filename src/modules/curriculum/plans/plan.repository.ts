import { Injectable } from '@nestjs/common';
import { subtreePatterns } from '../../../database/sql';
import { TransactionHost } from '../../../database/transaction-host';
import { PlanRequiredLawEntity } from '../entities/plan-required-law.entity';
import { ResponsibilityItemEntity } from '../entities/responsibility-item.entity';
import { StudyPlanEntity } from '../entities/study-plan.entity';

export interface PlanFilter {
  scopePaths: string[];
  /** Plans of this unit and its ancestors are visible too (a member of staff reads their plan). */
  ownUnitPath: string | null;
  year?: number;
  unitId?: string;
  offset: number;
  limit: number;
}

@Injectable()
export class PlanRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.repository(StudyPlanEntity);
  }

  findById(id: string): Promise<StudyPlanEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByUnitYear(unitId: string, year: number): Promise<StudyPlanEntity | null> {
    return this.repo.findOneBy({ unitId, year });
  }

  async insert(plan: StudyPlanEntity): Promise<void> {
    await this.repo.insert(plan);
  }

  async update(id: string, patch: Partial<StudyPlanEntity>): Promise<void> {
    await this.repo.update({ id }, patch);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async search(filter: PlanFilter): Promise<[StudyPlanEntity[], number]> {
    const qb = this.repo.createQueryBuilder('p').innerJoinAndSelect('p.unit', 'u');
    const visible: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.scopePaths.length) {
      visible.push('u.path LIKE ANY(:scope)');
      params.scope = subtreePatterns(filter.scopePaths);
    }
    if (filter.ownUnitPath) {
      visible.push(":own LIKE u.path || '%'");
      params.own = filter.ownUnitPath;
    }
    if (!visible.length) return [[], 0];
    qb.where(`(${visible.join(' OR ')})`, params);
    if (filter.year) qb.andWhere('p.year = :year', { year: filter.year });
    if (filter.unitId) qb.andWhere('p.unit_id = :unitId', { unitId: filter.unitId });
    return qb
      .orderBy('p.year', 'DESC')
      .addOrderBy('u.path', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  /**
   * The plan of the year for the unit at `unitPath`, else for its nearest ancestor that has one;
   * drafts do not apply.
   */
  applicableTo(unitPath: string, year: number): Promise<StudyPlanEntity | null> {
    return this.repo
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.unit', 'u')
      .where(":path LIKE u.path || '%'", { path: unitPath })
      .andWhere('p.year = :year', { year })
      .andWhere("p.status <> 'draft'")
      .orderBy('u.depth', 'DESC')
      .getOne();
  }

  requiredLaws(planId: string): Promise<PlanRequiredLawEntity[]> {
    return this.tx.repository(PlanRequiredLawEntity).find({
      where: { planId },
      relations: { law: true },
      order: { sortOrder: 'ASC' },
    });
  }

  async replaceRequiredLaws(planId: string, rows: PlanRequiredLawEntity[]): Promise<void> {
    await this.tx.repository(PlanRequiredLawEntity).delete({ planId });
    if (rows.length) await this.tx.repository(PlanRequiredLawEntity).insert(rows);
  }

  items(planId: string): Promise<ResponsibilityItemEntity[]> {
    return this.tx.repository(ResponsibilityItemEntity).find({
      where: { planId },
      order: { sortOrder: 'ASC', topic: 'ASC' },
    });
  }

  itemCount(planId: string): Promise<number> {
    return this.tx.repository(ResponsibilityItemEntity).countBy({ planId });
  }

  findItem(id: string): Promise<ResponsibilityItemEntity | null> {
    return this.tx.repository(ResponsibilityItemEntity).findOneBy({ id });
  }

  async insertItem(item: ResponsibilityItemEntity): Promise<void> {
    await this.tx.repository(ResponsibilityItemEntity).insert(item);
  }

  async updateItem(id: string, patch: Partial<ResponsibilityItemEntity>): Promise<void> {
    if (Object.keys(patch).length)
      await this.tx.repository(ResponsibilityItemEntity).update({ id }, patch);
  }

  async deleteItem(id: string): Promise<void> {
    await this.tx.repository(ResponsibilityItemEntity).delete({ id });
  }
}
