import { randomUUID } from 'node:crypto';
import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../common/auth';
import { pathInScope, scopePaths } from '../../common/auth';
import { Clock, dateInZone } from '../../common/clock/clock';
import { AppConfig } from '../../config';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit/audit.service';
import type { StudyPlanEntity } from '../curriculum/entities/study-plan.entity';
import { LawsService } from '../curriculum/laws.service';
import { PlanCloseHub } from '../curriculum/plan-close-hub';
import type { PlanCloseListener } from '../curriculum/plan-close-hub';
import { PlansService } from '../curriculum/plans.service';
import type { ExamAttemptEntity } from '../exams/entities/exam-attempt.entity';
import { countedPercentage, standing } from '../exams/results/standing';
import type { OrgUnitEntity } from '../org-units/entities/org-unit.entity';
import { OrgUnitsService, UNIT_READER_ROLES } from '../org-units/org-units.service';
import { SESSION_TYPE_LABELS } from '../sessions/entities/study-session.entity';
import type { SessionType } from '../sessions/entities/study-session.entity';
import { byUnit, figures, missing, sessionStats, studyMetOn, trend } from './compliance-figures';
import type {
  ComplianceRow,
  ExamState,
  PlanTerms,
  RateName,
  SessionRow,
} from './compliance-figures';
import { ComplianceRepository } from './compliance.repository';
import type { PeriodScope } from './compliance.repository';
import { ComplianceErrors } from './compliance.errors';
import type {
  ComplianceDto,
  CreateExemptionDto,
  ExemptionDto,
  MissingDto,
  RevokeExemptionDto,
} from './dto/compliance.dto';
import { PlanExemptionEntity, PlanSnapshotEntity } from './entities/compliance.entity';

const ADMIN: readonly RoleName[] = ['admin'];

interface Computed {
  rows: ComplianceRow[];
  sessions: SessionRow[];
  asOf: string;
  frozenAt: Date | null;
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
    const c = await this.rowsFor(plan, unit);
    const terms = termsOf(plan);
    return {
      planId: plan.id,
      planTitle: plan.title,
      unitId: unit.id,
      unitName: unit.name,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      asOf: c.asOf,
      frozenAt: c.frozenAt?.toISOString() ?? null,
      requiredHours: plan.requiredHours,
      passMark: plan.passMark,
      figures: figures(c.rows, terms),
      byUnit: byUnit(c.rows, await this.repo.children(unit.id), terms),
      trend: trend(c.rows, plan.periodStart, c.asOf),
      sessions: sessionStats(c.sessions).map((s) => ({
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
  ): Promise<MissingDto> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    const c = await this.rowsFor(plan, unit);
    return { rate: which, asOf: c.asOf, items: missing(c.rows, which, termsOf(plan)) };
  }

  /** The rows every figure is computed from (for exports and checking by hand). */
  async rows(principal: Principal, planId: string, unitId?: string): Promise<ComplianceRow[]> {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    return (await this.rowsFor(plan, unit)).rows;
  }

  /** For the annual report: the plan, the unit and the rows, checked for scope. */
  async context(principal: Principal, planId: string, unitId?: string) {
    const { plan, unit } = await this.readable(principal, planId, unitId);
    const c = await this.rowsFor(plan, unit);
    return { plan, unit, terms: termsOf(plan), ...c };
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
    const onRoster = (
      await this.repo.requiredStaff(
        {
          planId: plan.id,
          unitPath: unit.path,
          periodStart: plan.periodStart,
          asOf: plan.periodEnd,
        },
        plan.periodEnd,
      )
    ).some((r) => r.staffId === dto.staffId);
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
    const [out] = await this.exemptionDtos([(await this.repo.findExemption(row.id))!]);
    return out;
  }

  /** Closing a plan: its figures and the rows behind them are frozen (same transaction). */
  async beforePlanClose(plan: StudyPlanEntity): Promise<void> {
    const unit = await this.units.findById(plan.unitId);
    if (!unit) return;
    const c = await this.compute(plan, unit.path);
    const snap = new PlanSnapshotEntity();
    snap.planId = plan.id;
    snap.frozenAt = this.clock.now();
    snap.rows = c.rows;
    snap.sessions = c.sessions;
    snap.asOf = c.asOf;
    await this.repo.saveSnapshot(snap);
    await this.audited(plan, 'plan.freeze', {
      required: c.rows.length,
      asOf: c.asOf,
    });
  }

  // ---- helpers ----

  private async rowsFor(plan: StudyPlanEntity, unit: OrgUnitEntity): Promise<Computed> {
    if (plan.status === 'closed') {
      const snap = await this.repo.snapshot(plan.id);
      if (snap) {
        return {
          rows: snap.rows.filter((r) => r.unitPath.startsWith(unit.path)),
          sessions: snap.sessions.filter((s) => s.unitPath.startsWith(unit.path)),
          asOf: snap.asOf,
          frozenAt: snap.frozenAt,
        };
      }
    }
    return { ...(await this.compute(plan, unit.path)), frozenAt: null };
  }

  /** The live computation, by SQL aggregates per person, then the pure figures. */
  private async compute(
    plan: StudyPlanEntity,
    unitPath: string,
  ): Promise<Omit<Computed, 'frozenAt'>> {
    const now = this.clock.now();
    const tz = this.config.timeZone;
    const today = dateInZone(now, tz);
    const asOf = today < plan.periodEnd ? today : plan.periodEnd;
    const scope: PeriodScope = { planId: plan.id, unitPath, periodStart: plan.periodStart, asOf };
    const people = await this.repo.requiredStaff(scope, plan.periodEnd);
    const ids = people.map((p) => p.staffId);
    const required = await this.plans.requiredLawsOf(plan.id);
    const lawIds = [...new Set(required.map((r) => r.lawId))];
    const titles = new Map<string, string>();
    for (const id of lawIds) {
      const law = await this.laws.findLaw(id);
      titles.set(id, law?.shortTitle || law?.title || '');
    }
    const days = groupBy(await this.repo.dailyHours(ids, scope), (d) => d.staffId);
    const firsts = groupBy(await this.repo.lawFirstDays(ids, lawIds, scope), (d) => d.staffId);
    const exams = await this.repo.planExams(plan.id);
    const attempts = groupBy(
      await this.repo.attempts(
        exams.map((e) => e.id),
        ids,
      ),
      (a) => a.staffId,
    );
    const rows = people.map((p): ComplianceRow => {
      const mine = days.get(p.staffId) ?? [];
      const lawDays = new Map((firsts.get(p.staffId) ?? []).map((f) => [f.lawId, f.day]));
      const tried = (attempts.get(p.staffId) ?? []) as ExamAttemptEntity[];
      const finished = tried.filter((a) => a.status === 'finished' && a.finishedAt);
      // each exam's counted attempt (its score policy), the same as the exam results use
      const counted = exams.map((e) =>
        standing(
          e,
          tried.filter((a) => a.examId === e.id),
          now,
        ),
      );
      const passing = counted
        .filter((c) => c.status === 'passed' && c.counted)
        .map((c) => c.counted as ExamAttemptEntity);
      const best = counted.map((c) => countedPercentage(c)).filter((x): x is number => x !== null);
      const day = (list: ExamAttemptEntity[]) =>
        list.length ? list.map((a) => dateInZone(a.finishedAt as Date, tz)).sort()[0] : null;
      let examState: ExamState = 'none';
      // what matters most to whoever chases them: passed, answering now, waiting for a grade
      if (passing.length) examState = 'passed';
      else if (tried.some((a) => a.status === 'in_progress')) examState = 'in_progress';
      else if (finished.some((a) => a.gradingPending)) examState = 'pending';
      else if (best.length) examState = 'failed';
      return {
        ...p,
        hours: Math.round(mine.reduce((n, d) => n + d.hours, 0) * 100) / 100,
        lawsMissing: lawIds
          .filter((id) => !lawDays.has(id))
          .map((id) => ({ lawId: id, title: titles.get(id) ?? '' })),
        studyMetOn: studyMetOn(mine, plan.requiredHours, lawIds, lawDays, plan.periodStart),
        firstSatOn: day(finished),
        passedOn: day(passing),
        bestPercentage: best.length ? Math.max(...best) : null,
        examState,
      };
    });
    const sessions = (await this.repo.sessionsHeld(scope, now, tz)).map((s) => ({
      ...s,
      startsAt: s.startsAt.toISOString(),
    }));
    return { rows, sessions, asOf };
  }

  private async readable(principal: Principal, planId: string, unitId?: string) {
    const plan = await this.plans.findPlan(planId);
    const planUnit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !planUnit || plan.status === 'draft') throw ComplianceErrors.PLAN_NOT_FOUND();
    const unit = unitId ? await this.units.findById(unitId) : planUnit;
    const scope = scopePaths(principal, UNIT_READER_ROLES);
    if (!unit || !unit.path.startsWith(planUnit.path) || !pathInScope(scope, unit.path)) {
      if (!unitId && !pathInScope(scope, planUnit.path)) throw ComplianceErrors.PLAN_NOT_FOUND();
      throw ComplianceErrors.UNIT_NOT_FOUND();
    }
    return { plan, unit };
  }

  private async writable(principal: Principal, planId: string) {
    const plan = await this.plans.findPlan(planId);
    const unit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !unit || !pathInScope(scopePaths(principal, ADMIN), unit.path)) {
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

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
