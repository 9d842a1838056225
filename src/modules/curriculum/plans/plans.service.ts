import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../../common/auth';
import { pathInScope, scopePaths } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import type { OrgUnitEntity } from '../../org-units';
import { OrgUnitsService, UNIT_READER_ROLES } from '../../org-units';
import { CurriculumErrors } from '../curriculum.errors';
import type {
  CreatePlanDto,
  ListPlansQueryDto,
  PlanDetailResponseDto,
  PlanResponseDto,
  PublicResponsibilityListDto,
  ResponsibilityItemDto,
  ResponsibilityItemResponseDto,
  SetRequiredLawsDto,
  UpdatePlanDto,
  UpdateResponsibilityItemDto,
} from '../dto/plan.dto';
import { PlanRequiredLawEntity } from '../entities/plan-required-law.entity';
import { ResponsibilityItemEntity } from '../entities/responsibility-item.entity';
import type { PlanStatus } from '../entities/study-plan.entity';
import { StudyPlanEntity } from '../entities/study-plan.entity';
import { LawsService } from '../laws/laws.service';
import { PlanCloseHub } from './plan-close-hub.service';
import { PlanRepository } from './plan.repository';

/** Who writes a plan and its 普法责任清单: admins and secretaries, each inside their scope. */
const PLAN_EDITORS: readonly RoleName[] = ['admin', 'secretary'];
const STATUS_LABELS: Record<PlanStatus, string> = {
  draft: '草稿',
  active: '执行中',
  closed: '已关闭',
};
const TRANSITIONS: Record<PlanStatus, PlanStatus[]> = {
  draft: ['active'],
  active: ['draft', 'closed'],
  closed: [],
};

/**
 * 学法考法年度计划 per org unit and year: period, required laws (optionally chapters or
 * articles), required hours, targets, pass mark, and the 普法责任清单.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlanRepository,
    private readonly units: OrgUnitsService,
    private readonly laws: LawsService,
    private readonly audit: AuditService,
    private readonly closeHub: PlanCloseHub,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreatePlanDto): Promise<PlanDetailResponseDto> {
    const unit = await this.units.findById(dto.unitId);
    if (!unit || !pathInScope(scopePaths(principal, PLAN_EDITORS), unit.path)) {
      throw CurriculumErrors.PLAN_NOT_FOUND();
    }
    const periodStart = dto.periodStart ?? `${dto.year}-01-01`;
    const periodEnd = dto.periodEnd ?? `${dto.year}-12-31`;
    assertPeriod(dto.year, periodStart, periodEnd);
    return this.tx.run(async () => {
      if (await this.plans.findByUnitYear(unit.id, dto.year)) {
        throw CurriculumErrors.PLAN_EXISTS({ year: dto.year });
      }
      const plan = new StudyPlanEntity();
      plan.id = randomUUID();
      plan.unitId = unit.id;
      plan.year = dto.year;
      plan.title = dto.title;
      plan.periodStart = periodStart;
      plan.periodEnd = periodEnd;
      plan.requiredHours = dto.requiredHours;
      plan.participationTarget = dto.participationTarget ?? 100;
      plan.examTarget = dto.examTarget ?? 100;
      plan.passTarget = dto.passTarget ?? 100;
      plan.passMark = dto.passMark ?? 60;
      plan.status = 'draft';
      plan.listPublishedAt = null;
      plan.createdBy = principal.staffId;
      await this.plans.insert(plan);
      await this.audited(plan, 'plan.create', { year: plan.year, title: plan.title });
      return this.detail(plan.id, unit);
    });
  }

  /** Plans in the caller's admin/HR/secretary scope, and the plans of their own units. */
  async list(principal: Principal, query: ListPlansQueryDto): Promise<Page<PlanResponseDto>> {
    const [rows, total] = await this.plans.search({
      scopePaths: scopePaths(principal, UNIT_READER_ROLES),
      ownUnitPath: ownUnitPath(principal),
      year: query.year,
      unitId: query.unitId,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    return pageOf(
      rows.map((p) => toPlan(p, p.unit as OrgUnitEntity)),
      total,
      query,
    );
  }

  async get(principal: Principal, id: string): Promise<PlanDetailResponseDto> {
    const { plan, unit } = await this.readable(principal, id);
    return this.detail(plan.id, unit);
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdatePlanDto,
  ): Promise<PlanDetailResponseDto> {
    return this.tx.run(async () => {
      const { plan, unit } = await this.writable(principal, id, dto.status === undefined);
      const patch: Partial<StudyPlanEntity> = {};
      for (const key of [
        'title',
        'periodStart',
        'periodEnd',
        'requiredHours',
        'participationTarget',
        'examTarget',
        'passTarget',
        'passMark',
      ] as const) {
        if (dto[key] !== undefined && dto[key] !== plan[key]) {
          (patch as Record<string, unknown>)[key] = dto[key];
        }
      }
      if (dto.status !== undefined && dto.status !== plan.status) {
        if (!TRANSITIONS[plan.status].includes(dto.status)) {
          throw CurriculumErrors.PLAN_STATUS_TRANSITION({
            from: STATUS_LABELS[plan.status],
            to: STATUS_LABELS[dto.status],
          });
        }
        patch.status = dto.status;
      }
      if (plan.status === 'closed') throw CurriculumErrors.PLAN_CLOSED();
      assertPeriod(
        plan.year,
        patch.periodStart ?? plan.periodStart,
        patch.periodEnd ?? plan.periodEnd,
      );
      if (patch.status === 'closed') await this.closeHub.closing({ ...plan, ...patch });
      if (Object.keys(patch).length) {
        await this.plans.update(plan.id, patch);
        await this.audited(plan, 'plan.update', { changes: patch });
      }
      return this.detail(plan.id, unit);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async () => {
      const { plan } = await this.writable(principal, id);
      if (plan.status !== 'draft') throw CurriculumErrors.PLAN_NOT_DRAFT();
      await this.audited(plan, 'plan.delete', { year: plan.year, title: plan.title });
      await this.plans.delete(plan.id);
    });
  }

  /** Replaces the required laws; chapters and articles must exist in each law's current text. */
  async setRequiredLaws(
    principal: Principal,
    id: string,
    dto: SetRequiredLawsDto,
  ): Promise<PlanDetailResponseDto> {
    return this.tx.run(async () => {
      const { plan, unit } = await this.writable(principal, id);
      const seen = new Set<string>();
      const rows: PlanRequiredLawEntity[] = [];
      const found = await this.laws.findLaws(dto.laws.map((item) => item.lawId));
      for (const [i, item] of dto.laws.entries()) {
        const fail = (reason: string) =>
          CurriculumErrors.REQUIRED_LAW_INVALID({ reason }, { index: i, lawId: item.lawId });
        if (seen.has(item.lawId)) throw fail('同一部法律法规只能列一次');
        seen.add(item.lawId);
        const law = found.get(item.lawId);
        if (!law?.currentVersionId) throw fail('法律法规不存在');
        const nodeKeys = [...new Set(item.nodeKeys ?? [])];
        if (nodeKeys.length) {
          const known = new Set((await this.laws.nodesOf(law.currentVersionId)).map((n) => n.key));
          const missing = nodeKeys.filter((k) => !known.has(k));
          if (missing.length) throw fail(`《${law.shortTitle}》中没有“${missing.join('、')}”`);
        }
        const articles = [...new Set(item.articles ?? [])].sort((a, b) => a - b);
        if (articles.length) {
          const found = await this.laws.existingArticles(law.currentVersionId, articles);
          const missing = articles.filter((n) => !found.has(n));
          if (missing.length) throw fail(`《${law.shortTitle}》中没有第 ${missing.join('、')} 条`);
        }
        const row = new PlanRequiredLawEntity();
        row.id = randomUUID();
        row.planId = plan.id;
        row.lawId = law.id;
        row.nodeKeys = nodeKeys;
        row.articles = articles;
        row.sortOrder = i;
        rows.push(row);
      }
      await this.plans.replaceRequiredLaws(plan.id, rows);
      await this.audited(plan, 'plan.required_laws', {
        laws: rows.map((r) => ({ lawId: r.lawId, nodeKeys: r.nodeKeys, articles: r.articles })),
      });
      return this.detail(plan.id, unit);
    });
  }

  async addItem(
    principal: Principal,
    id: string,
    dto: ResponsibilityItemDto,
  ): Promise<ResponsibilityItemResponseDto> {
    return this.tx.run(async () => {
      const { plan } = await this.writable(principal, id);
      const item = new ResponsibilityItemEntity();
      item.id = randomUUID();
      item.planId = plan.id;
      item.lawId = dto.lawId ?? null;
      item.topic = await this.topicOf(dto.lawId ?? null, dto.topic);
      item.activity = dto.activity;
      item.owner = dto.owner;
      item.deadline = dto.deadline ?? null;
      item.status = dto.status ?? 'planned';
      item.sortOrder = dto.sortOrder ?? (await this.plans.itemCount(plan.id));
      await this.plans.insertItem(item);
      await this.audited(plan, 'plan.item_create', { itemId: item.id, topic: item.topic });
      return toItem(item);
    });
  }

  async updateItem(
    principal: Principal,
    id: string,
    itemId: string,
    dto: UpdateResponsibilityItemDto,
  ): Promise<ResponsibilityItemResponseDto> {
    return this.tx.run(async () => {
      const { plan } = await this.writable(principal, id);
      const item = await this.plans.findItem(itemId);
      if (!item || item.planId !== plan.id) throw CurriculumErrors.ITEM_NOT_FOUND();
      const patch: Partial<ResponsibilityItemEntity> = {};
      if (dto.lawId !== undefined) {
        patch.lawId = dto.lawId;
        patch.topic = await this.topicOf(dto.lawId, dto.topic ?? item.topic);
      } else if (dto.topic !== undefined) patch.topic = dto.topic;
      for (const key of ['activity', 'owner', 'deadline', 'status', 'sortOrder'] as const) {
        if (dto[key] !== undefined) (patch as Record<string, unknown>)[key] = dto[key];
      }
      await this.plans.updateItem(item.id, patch);
      await this.audited(plan, 'plan.item_update', { itemId: item.id, changes: patch });
      return toItem({ ...item, ...patch });
    });
  }

  async removeItem(principal: Principal, id: string, itemId: string): Promise<void> {
    await this.tx.run(async () => {
      const { plan } = await this.writable(principal, id);
      const item = await this.plans.findItem(itemId);
      if (!item || item.planId !== plan.id) throw CurriculumErrors.ITEM_NOT_FOUND();
      await this.plans.deleteItem(item.id);
      await this.audited(plan, 'plan.item_delete', { itemId: item.id, topic: item.topic });
    });
  }

  async publishList(
    principal: Principal,
    id: string,
    published: boolean,
  ): Promise<PlanDetailResponseDto> {
    return this.tx.run(async () => {
      const { plan, unit } = await this.writable(principal, id);
      const at = published ? (plan.listPublishedAt ?? this.clock.now()) : null;
      await this.plans.update(plan.id, { listPublishedAt: at });
      await this.audited(plan, published ? 'plan.list_publish' : 'plan.list_unpublish', {});
      return this.detail(plan.id, unit);
    });
  }

  /** For other modules (exams): the plan, without scope checks. */
  findPlan(id: string): Promise<StudyPlanEntity | null> {
    return this.plans.findById(id);
  }

  /**
   * For other modules (the study ledger): the plan that applies to a unit in a year, i.e. the
   * unit's own or its nearest ancestor's, not a draft; null when there is none. With its unit.
   */
  applicablePlan(unitPath: string, year: number): Promise<StudyPlanEntity | null> {
    return this.plans.applicableTo(unitPath, year);
  }

  /** For other modules: the plan's required laws in order, each with its law. */
  requiredLawsOf(planId: string): Promise<PlanRequiredLawEntity[]> {
    return this.plans.requiredLaws(planId);
  }

  /** The published 普法责任清单, for anyone (no sign-in). Unpublished or unknown: 404. */
  async publicList(id: string): Promise<PublicResponsibilityListDto> {
    const plan = await this.plans.findById(id);
    if (!plan?.listPublishedAt) throw CurriculumErrors.LIST_NOT_PUBLISHED();
    const unit = await this.units.findById(plan.unitId);
    return {
      unitName: unit?.name ?? '',
      year: plan.year,
      planTitle: plan.title,
      publishedAt: plan.listPublishedAt.toISOString(),
      items: (await this.plans.items(plan.id)).map(toItem),
    };
  }

  // ---- helpers ----

  private async readable(principal: Principal, id: string) {
    const plan = await this.plans.findById(id);
    const unit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !unit) throw CurriculumErrors.PLAN_NOT_FOUND();
    const own = ownUnitPath(principal);
    const visible =
      pathInScope(scopePaths(principal, UNIT_READER_ROLES), unit.path) ||
      (own !== null && own.startsWith(unit.path));
    if (!visible) throw CurriculumErrors.PLAN_NOT_FOUND();
    return { plan, unit };
  }

  private async writable(principal: Principal, id: string, refuseClosed = true) {
    const plan = await this.plans.findById(id);
    const unit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !unit || !pathInScope(scopePaths(principal, PLAN_EDITORS), unit.path)) {
      throw CurriculumErrors.PLAN_NOT_FOUND();
    }
    if (refuseClosed && plan.status === 'closed') throw CurriculumErrors.PLAN_CLOSED();
    return { plan, unit };
  }

  private async topicOf(lawId: string | null, topic: string | undefined): Promise<string> {
    if (lawId) {
      const law = await this.laws.findLaw(lawId);
      if (!law) throw CurriculumErrors.LAW_NOT_FOUND();
      return topic ?? law.shortTitle;
    }
    if (!topic) throw CurriculumErrors.REQUIRED_LAW_INVALID({ reason: '请填写法律法规或学习主题' });
    return topic;
  }

  private async detail(id: string, unit: OrgUnitEntity): Promise<PlanDetailResponseDto> {
    const plan = await this.plans.findById(id);
    if (!plan) throw CurriculumErrors.PLAN_NOT_FOUND();
    // one after another: inside a transaction they share one connection
    const required = await this.plans.requiredLaws(id);
    const items = await this.plans.items(id);
    return {
      ...toPlan(plan, unit),
      requiredLaws: required.map((r) => ({
        lawId: r.lawId,
        title: r.law?.title ?? '',
        shortTitle: r.law?.shortTitle ?? '',
        nodeKeys: r.nodeKeys,
        articles: r.articles,
      })),
      responsibilityItems: items.map(toItem),
    };
  }

  private audited(plan: StudyPlanEntity, action: string, details: Record<string, unknown>) {
    return this.audit.record({
      action,
      target: { type: 'study_plan', id: plan.id },
      unitId: plan.unitId,
      details,
    });
  }
}

function ownUnitPath(principal: Principal): string | null {
  return (
    principal.grants.find((g) => g.role === 'staff' && g.unitId === principal.unitId)?.unitPath ??
    null
  );
}

function assertPeriod(year: number, start: string, end: string): void {
  if (end < start || !start.startsWith(`${year}-`)) {
    throw CurriculumErrors.PLAN_PERIOD_INVALID({ year });
  }
}

function toPlan(p: StudyPlanEntity, unit: OrgUnitEntity): PlanResponseDto {
  return {
    id: p.id,
    unit: { id: unit.id, code: unit.code, name: unit.name },
    year: p.year,
    title: p.title,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    requiredHours: p.requiredHours,
    participationTarget: p.participationTarget,
    examTarget: p.examTarget,
    passTarget: p.passTarget,
    passMark: p.passMark,
    status: p.status,
    listPublishedAt: p.listPublishedAt ? p.listPublishedAt.toISOString() : null,
  };
}

function toItem(i: ResponsibilityItemEntity): ResponsibilityItemResponseDto {
  return {
    id: i.id,
    lawId: i.lawId,
    topic: i.topic,
    activity: i.activity,
    owner: i.owner,
    deadline: i.deadline,
    status: i.status,
    sortOrder: i.sortOrder,
  };
}
