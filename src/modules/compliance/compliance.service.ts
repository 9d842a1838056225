import { randomUUID } from 'node:crypto';
import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../common/auth';
import { pathInScope, scopePaths } from '../../common/auth';
import { Clock, dateInZone } from '../../common/clock/clock';
import { AppConfig } from '../../config';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import type { StudyPlanEntity, PlanCloseListener } from '../curriculum';
import { LawsService, PlanCloseHub, PlansService } from '../curriculum';
import type { OrgUnitEntity } from '../org-units';
import { OrgUnitsService, UNIT_READER_ROLES } from '../org-units';
import { SESSION_TYPE_LABELS } from '../sessions';
import type { SessionType } from '../sessions';
import {
  byUnit,
  figures,
  figuresOf,
  missing,
  sessionStats,
  shortfallOf,
  trend,
  trendOf,
} from './compliance-figures';
import type {
  ComplianceRow,
  Figures,
  PlanTerms,
  RateName,
  SessionRow,
  Shortfall,
  StudiedRow,
} from './compliance-figures';
import { ComplianceCache } from './compliance-cache.service';
import { ComplianceRepository } from './compliance.repository';
import type { PeopleOf, PeriodScope, PersonQuery } from './compliance.repository';
import { ComplianceErrors } from './compliance.errors';
import type {
  ComplianceDto,
  CreateExemptionDto,
  ExemptionDto,
  MissingDto,
  RevokeExemptionDto,
} from './dto/compliance.dto';
import { PlanExemptionEntity, PlanSnapshotEntity } from './entities/compliance.entity';

/** Who exempts people from a plan: admins and HR, each inside their scope (not secretaries). */
const EXEMPTERS: readonly RoleName[] = ['admin', 'hr'];

interface Computed {
  rows: ComplianceRow[];
  sessions: SessionRow[];
  asOf: string;
  frozenAt: Date | null;
  /** A closed plan's frozen study facts of the rows' people (null: live, or not kept). */
  studied: StudiedRow[] | null;
}

/** See ComplianceService.reportBasis. */
export interface ReportBasis {
  plan: StudyPlanEntity;
  unit: OrgUnitEntity;
  asOf: string;
  frozen: boolean;
  figures: Figures;
  shortfall: Shortfall;
  people: PeopleOf;
  /** A closed plan's frozen study facts (laws, court hearings); null: read the records. */
  studied: StudiedRow[] | null;
  /** The active exemptions of people in the unit: not counted, but the report says so. */
  exempted: { reason: string }[];
}

/**
 * The three rates per plan and unit subtree (product.md §3), who is missing what, the monthly
 * trend and session statistics; exemptions; and freezing a plan's figures with their rows when
 * it closes, so later roster changes leave a closed plan alone.
 */
@Injectable()
export class ComplianceService implements OnModuleInit, PlanCloseListener {
  constructor(
    private readonly repo: ComplianceRepository,
    private readonly cache: ComplianceCache,
    private readonly plans: PlansService,
    private readonly units: OrgUnitsService,
    private readonly laws: LawsService,
    private readonly audit: AuditService,
    private readonly closeHub: PlanCloseHub,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.closeHub.register(this);
  }

  async compliance(principal: Principal, planId: string, unitId?: string): Promise<ComplianceDto> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    const terms = termsOf(plan);
    const children = await this.repo.children(unit.id);
    const frozen = await this.frozen(plan, unit);
    let head: Pick<
      ComplianceDto,
      'asOf' | 'frozenAt' | 'computedAt' | 'figures' | 'byUnit' | 'trend'
    >;
    let sessions: SessionRow[];
    if (frozen) {
      head = {
        asOf: frozen.asOf,
        frozenAt: frozen.frozenAt?.toISOString() ?? null,
        computedAt: (frozen.frozenAt ?? this.clock.now()).toISOString(),
        figures: figures(frozen.rows, terms),
        byUnit: byUnit(frozen.rows, children, terms),
        trend: trend(frozen.rows, plan.periodStart, frozen.asOf),
      };
      sessions = frozen.sessions;
    } else {
      // live: counted in SQL, one statement for the totals, the child units and the trend, and
      // the sessions held (a big subtree's are shared for a while, see ComplianceCache)
      const q = await this.personQuery(plan, unit.path);
      const live = await this.liveCounts(q, unit);
      const none = { required: 0, studyMet: 0, sat: 0, passed: 0 };
      head = {
        asOf: q.scope.asOf,
        frozenAt: null,
        computedAt: live.computedAt.toISOString(),
        figures: figuresOf(live.counts.total, terms),
        byUnit: children.map((c) => ({
          unitId: c.id,
          unitName: c.name,
          ...figuresOf(live.counts.byChild.get(c.id) ?? none, terms),
        })),
        trend: trendOf(live.counts.days, plan.periodStart, q.scope.asOf),
      };
      sessions = live.held;
    }
    return {
      planId: plan.id,
      planTitle: plan.title,
      unitId: unit.id,
      unitName: unit.name,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      asOf: head.asOf,
      frozenAt: head.frozenAt,
      computedAt: head.computedAt,
      requiredHours: plan.requiredHours,
      passMark: plan.passMark,
      figures: head.figures,
      byUnit: head.byUnit,
      trend: head.trend,
      sessions: sessionStats(sessions).map((s) => ({
        ...s,
        typeLabel: SESSION_TYPE_LABELS[s.type as SessionType] ?? s.type,
      })),
    };
  }

  async missing(
    principal: Principal,
    planId: string,
    which: RateName,
    unitId?: string,
    paging?: { page?: number; pageSize?: number },
  ): Promise<MissingDto> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    const frozen = await this.frozen(plan, unit);
    if (frozen) {
      const rows = inTreeOrder(frozen.rows, await this.repo.unitOrder(unit.path));
      return {
        rate: which,
        asOf: frozen.asOf,
        computedAt: (frozen.frozenAt ?? this.clock.now()).toISOString(),
        ...pageOfList(missing(rows, which, termsOf(plan)), paging),
      };
    }
    // live: only the people missing it come back from SQL (shared for a while when big)
    const q = await this.personQuery(plan, unit.path);
    const live = await this.cache.get(cacheKey(q, unit, which), plan.id, async () => {
      const computedAt = this.clock.now();
      // the list itself is shared, not only its rows: a page of it costs nothing then
      const rows = inTreeOrder(await this.rowsOf(q, which), await this.repo.unitOrder(unit.path));
      const items = missing(rows, which, termsOf(plan));
      return { value: { items, computedAt }, people: await this.repo.requiredCount(q) };
    });
    return {
      rate: which,
      asOf: q.scope.asOf,
      computedAt: live.computedAt.toISOString(),
      ...pageOfList(live.items, paging),
    };
  }

  /** The rows every figure is computed from (for exports and checking by hand). */
  async rows(principal: Principal, planId: string, unitId?: string): Promise<ComplianceRow[]> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    return (await this.rowsFor(plan, unit)).rows;
  }

  /**
   * What the annual report is written from, checked for scope: the figures and what the
   * shortfall is made of (a live plan's from the dashboard's counts, shared with it when the
   * subtree is big; a closed plan's from its frozen rows) and whom they count.
   */
  async reportBasis(principal: Principal, planId: string, unitId?: string): Promise<ReportBasis> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    const terms = termsOf(plan);
    const frozen = await this.frozen(plan, unit);
    // a closed plan's exemptions cannot change any more (PLAN_CLOSED), so reading them is exact
    const exempted = await this.repo.exemptedIn(plan.id, unit.path);
    if (frozen) {
      return {
        plan,
        unit,
        exempted,
        asOf: frozen.asOf,
        frozen: true,
        figures: figures(frozen.rows, terms),
        shortfall: shortfallOf(frozen.rows, terms),
        people: { staffIds: frozen.rows.map((r) => r.staffId) },
        studied: frozen.studied,
      };
    }
    const q = await this.personQuery(plan, unit.path);
    const { counts } = await this.liveCounts(q, unit);
    return {
      plan,
      unit,
      exempted,
      asOf: q.scope.asOf,
      frozen: false,
      figures: figuresOf(counts.total, terms),
      shortfall: counts.shortfall,
      people: { query: q },
      studied: null,
    };
  }

  // ---- exemptions ----

  async exemptions(principal: Principal, planId: string): Promise<ExemptionDto[]> {
    const { plan } = await this.readable(principal, planId);
    return this.exemptionDtos(await this.repo.exemptions(plan.id, true));
  }

  async exempt(
    principal: Principal,
    planId: string,
    dto: CreateExemptionDto,
  ): Promise<ExemptionDto> {
    const { plan, unit } = await this.writable(principal, planId);
    const onRoster =
      (
        await this.repo.requiredStaff(
          {
            planId: plan.id,
            unitPath: unit.path,
            periodStart: plan.periodStart,
            asOf: plan.periodEnd,
          },
          plan.periodEnd,
          dto.staffId,
        )
      ).length > 0;
    if (!onRoster) {
      if (await this.repo.activeExemption(plan.id, dto.staffId)) {
        throw ComplianceErrors.EXEMPTION_EXISTS();
      }
      throw ComplianceErrors.EXEMPTION_STAFF();
    }
    const row = new PlanExemptionEntity();
    row.id = randomUUID();
    row.planId = plan.id;
    row.staffId = dto.staffId;
    row.reason = dto.reason;
    row.approvedBy = dto.approvedBy;
    row.approvedOn = dto.approvedOn.slice(0, 10);
    row.recordedBy = principal.staffId;
    row.revokedAt = null;
    row.revokedBy = null;
    row.revokeReason = null;
    await this.tx.run(async () => {
      await this.repo.insertExemption(row);
      await this.audited(plan, 'plan.exemption_add', {
        staffId: dto.staffId,
        reason: dto.reason,
        approvedBy: dto.approvedBy,
        approvedOn: row.approvedOn,
      });
    });
    this.cache.forget(plan.id);
    const [out] = await this.exemptionDtos([(await this.repo.findExemption(row.id))!]);
    return out;
  }

  async revokeExemption(
    principal: Principal,
    planId: string,
    exemptionId: string,
    dto: RevokeExemptionDto,
  ): Promise<ExemptionDto> {
    const { plan } = await this.writable(principal, planId);
    const row = await this.repo.findExemption(exemptionId);
    if (!row || row.planId !== plan.id) throw ComplianceErrors.EXEMPTION_NOT_FOUND();
    if (row.revokedAt) throw ComplianceErrors.EXEMPTION_REVOKED();
    await this.tx.run(async () => {
      await this.repo.revokeExemption(row.id, principal.staffId, this.clock.now(), dto.reason);
      await this.audited(plan, 'plan.exemption_revoke', {
        staffId: row.staffId,
        reason: dto.reason,
      });
    });
    this.cache.forget(plan.id);
    const [out] = await this.exemptionDtos([(await this.repo.findExemption(row.id))!]);
    return out;
  }

  /** Closing a plan: its figures and the rows behind them are frozen (same transaction). */
  async beforePlanClose(plan: StudyPlanEntity): Promise<void> {
    const unit = await this.units.findById(plan.unitId);
    if (!unit) return;
    const q = await this.personQuery(plan, unit.path);
    const snap = new PlanSnapshotEntity();
    snap.planId = plan.id;
    snap.frozenAt = this.clock.now();
    snap.rows = await this.rowsOf(q);
    snap.sessions = await this.sessionsHeld(q.scope);
    snap.asOf = q.scope.asOf;
    snap.studied = await this.repo.studied({ query: q }, q.scope);
    await this.repo.saveSnapshot(snap);
    this.cache.forget(plan.id);
    await this.audited(plan, 'plan.freeze', {
      required: snap.rows.length,
      asOf: snap.asOf,
    });
  }

  /**
   * Rebuilds what the figures keep as records arrive (compliance_law_study) from the study
   * ledger, in one transaction; answers how many rows it holds. Triggers keep it right, so this
   * is for repairs (`npm run cli -- compliance:rebuild`).
   */
  async rebuildStanding(): Promise<number> {
    const n = await this.tx.run(() => this.repo.rebuildLawStudy());
    this.cache.forgetAll();
    return n;
  }

  // ---- helpers ----

  /** A closed plan's frozen rows and sessions inside the unit, or null while it is live. */
  private async frozen(plan: StudyPlanEntity, unit: OrgUnitEntity): Promise<Computed | null> {
    if (plan.status !== 'closed') return null;
    const snap = await this.repo.snapshot(plan.id);
    if (!snap) return null;
    const rows = snap.rows.filter((r) => r.unitPath.startsWith(unit.path));
    const ids = new Set(rows.map((r) => r.staffId));
    return {
      rows,
      sessions: snap.sessions.filter((s) => s.unitPath.startsWith(unit.path)),
      asOf: snap.asOf,
      frozenAt: snap.frozenAt,
      studied: snap.studied?.filter((s) => ids.has(s.staffId)) ?? null,
    };
  }

  private async rowsFor(plan: StudyPlanEntity, unit: OrgUnitEntity): Promise<Computed> {
    return (
      (await this.frozen(plan, unit)) ?? {
        ...(await this.compute(plan, unit.path)),
        frozenAt: null,
      }
    );
  }

  /** The live computation: every required person's row from SQL, and the sessions held. */
  private async compute(
    plan: StudyPlanEntity,
    unitPath: string,
  ): Promise<Omit<Computed, 'frozenAt'>> {
    const q = await this.personQuery(plan, unitPath);
    const rows = await this.rowsOf(q);
    return {
      rows,
      sessions: await this.sessionsHeld(q.scope),
      asOf: q.scope.asOf,
      studied: null,
    };
  }

  /** The dashboard's counts and the sessions held (a big subtree's shared, see ComplianceCache). */
  private liveCounts(q: PersonQuery, unit: OrgUnitEntity) {
    return this.cache.get(cacheKey(q, unit, 'counts'), q.scope.planId, async () => {
      const computedAt = this.clock.now();
      const counts = await this.repo.counts(q);
      const held = await this.sessionsHeld(q.scope);
      return { value: { counts, held, computedAt }, people: counts.total.required };
    });
  }

  /** What the SQL needs: the scope up to today (or the period's end), laws and exams. */
  private async personQuery(plan: StudyPlanEntity, unitPath: string): Promise<PersonQuery> {
    const today = dateInZone(this.clock.now(), this.config.timeZone);
    const asOf = today < plan.periodEnd ? today : plan.periodEnd;
    const required = await this.plans.requiredLawsOf(plan.id);
    return {
      scope: { planId: plan.id, unitPath, periodStart: plan.periodStart, asOf },
      periodEnd: plan.periodEnd,
      requiredHours: plan.requiredHours,
      lawIds: [...new Set(required.map((r) => r.lawId))],
      examIds: await this.repo.planExamIds(plan.id),
      timeZone: this.config.timeZone,
    };
  }

  /** The per-person rows from SQL (all, or those missing a rate), with the laws' titles. */
  private async rowsOf(q: PersonQuery, which?: RateName): Promise<ComplianceRow[]> {
    const titles = await this.laws.displayTitles(q.lawIds);
    const people = await this.repo.people(q, which);
    return people.map(({ lawIds, ...p }): ComplianceRow => ({
      ...p,
      lawsMissing: q.lawIds
        .filter((id) => !lawIds.includes(id))
        .map((id) => ({ lawId: id, title: titles.get(id) ?? '' })),
    }));
  }

  private async sessionsHeld(scope: PeriodScope): Promise<SessionRow[]> {
    return (await this.repo.sessionsHeld(scope, this.clock.now(), this.config.timeZone)).map(
      (s) => ({ ...s, startsAt: s.startsAt.toISOString() }),
    );
  }

  private async readable(principal: Principal, planId: string, unitId?: string) {
    const plan = await this.plans.findPlan(planId);
    const planUnit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !planUnit) throw ComplianceErrors.PLAN_NOT_FOUND();
    const unit = unitId ? await this.units.findById(unitId) : planUnit;
    const scope = scopePaths(principal, UNIT_READER_ROLES);
    if (!unit || !unit.path.startsWith(planUnit.path) || !pathInScope(scope, unit.path)) {
      if (!unitId && !pathInScope(scope, planUnit.path)) throw ComplianceErrors.PLAN_NOT_FOUND();
      throw ComplianceErrors.UNIT_NOT_FOUND();
    }
    // in scope, so saying it exists is no leak: a draft has no figures and no report yet
    if (plan.status === 'draft') throw ComplianceErrors.PLAN_NOT_ACTIVE();
    return { plan, unit };
  }

  private async writable(principal: Principal, planId: string) {
    const plan = await this.plans.findPlan(planId);
    const unit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !unit || !pathInScope(scopePaths(principal, EXEMPTERS), unit.path)) {
      throw ComplianceErrors.PLAN_NOT_FOUND();
    }
    if (plan.status === 'closed') throw ComplianceErrors.PLAN_CLOSED();
    return { plan, unit };
  }

  private async exemptionDtos(rows: PlanExemptionEntity[]): Promise<ExemptionDto[]> {
    if (!rows.length) return [];
    const people = new Map(
      (
        await this.tx.manager.query<{ id: string; staff_no: string; name: string }[]>(
          'SELECT id, staff_no, name FROM staff WHERE id = ANY($1::uuid[])',
          [rows.map((r) => r.staffId)],
        )
      ).map((p) => [p.id, p]),
    );
    return rows.map((r) => ({
      id: r.id,
      staffId: r.staffId,
      staffNo: people.get(r.staffId)?.staff_no ?? '',
      name: people.get(r.staffId)?.name ?? '',
      reason: r.reason,
      approvedBy: r.approvedBy,
      approvedOn: r.approvedOn,
      recordedAt: r.recordedAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokeReason: r.revokeReason,
    }));
  }

  private audited(plan: StudyPlanEntity, action: string, details: Record<string, unknown>) {
    return this.audit.record({
      action,
      target: { type: 'study_plan', id: plan.id },
      unitId: plan.unitId,
      details: { title: plan.title, ...details },
    });
  }
}

function termsOf(plan: StudyPlanEntity): PlanTerms {
  return {
    requiredHours: plan.requiredHours,
    participationTarget: plan.participationTarget,
    examTarget: plan.examTarget,
    passTarget: plan.passTarget,
    passMark: plan.passMark,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
  };
}

/** Rows as the org tree shows their units (see unitOrder), then by staff number. */
function inTreeOrder<T extends { unitId: string; staffNo: string }>(
  rows: T[],
  units: string[],
): T[] {
  const at = new Map(units.map((id, i) => [id, i]));
  const rank = (r: T) => at.get(r.unitId) ?? units.length;
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || (a.staffNo < b.staffNo ? -1 : a.staffNo > b.staffNo ? 1 : 0),
  );
}

/** The whole list, or one page of it when a page size is given (the list's order is fixed). */
function pageOfList<T>(
  all: T[],
  paging: { page?: number; pageSize?: number } | undefined,
): { total: number; page: number | null; pageSize: number | null; items: T[] } {
  if (!paging?.pageSize) return { total: all.length, page: null, pageSize: null, items: all };
  const page = paging.page ?? 1;
  const start = (page - 1) * paging.pageSize;
  return {
    total: all.length,
    page,
    pageSize: paging.pageSize,
    items: all.slice(start, start + paging.pageSize),
  };
}

function cacheKey(q: PersonQuery, unit: OrgUnitEntity, what: string): string {
  return `${q.scope.planId}/${unit.id}/${q.scope.asOf}/${what}`;
}
