import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import type { StudyPlanEntity } from '../../curriculum';
import { displayTitle, PlansService } from '../../curriculum';
import { OrgUnitsService } from '../../org-units';
import { SessionsService } from '../../sessions';
import type { DossierContext, PersonFacts } from './dossier';
import type {
  AttemptRow,
  ExemptionRow,
  InvitationRow,
  Period,
  PersonRow,
  RecordRow,
} from '../evidence.repository';
import { EvidenceRepository } from '../evidence.repository';

/** Which parts of a person's evidence to read (a raw sheet needs only its own). */
export type FactPart = 'records' | 'sessions' | 'exams' | 'exemptions';
export const ALL_PARTS: ReadonlySet<FactPart> = new Set([
  'records',
  'sessions',
  'exams',
  'exemptions',
]);

function groupBy<T extends { staffId: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.staffId);
    if (list) list.push(item);
    else out.set(item.staffId, [item]);
  }
  return out;
}

/**
 * Reads the evidence: the context of a year (the plan that applies, its period, required laws
 * and exams) and, batch by batch, the facts about people. The session labels and exams it meets
 * are kept in the context, so each is read once per workbook.
 */
@Injectable()
export class EvidenceReader {
  constructor(
    private readonly repo: EvidenceRepository,
    private readonly plans: PlansService,
    private readonly units: OrgUnitsService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The year's context for a unit: its applicable plan, or the given one. */
  async context(
    unitPath: string,
    year: number,
    chosen?: StudyPlanEntity | null,
  ): Promise<DossierContext> {
    const plan = chosen === undefined ? await this.plans.applicablePlan(unitPath, year) : chosen;
    const tz = this.config.timeZone;
    const now = this.clock.now();
    const today = this.clock.today(tz);
    const start = plan?.periodStart ?? `${year}-01-01`;
    const end = plan?.periodEnd ?? `${year}-12-31`;
    const period: Period = { start, end, asOf: today < end ? today : end };
    const planUnit = plan ? (plan.unit ?? (await this.units.findById(plan.unitId))) : null;
    const required = plan ? await this.plans.requiredLawsOf(plan.id) : [];
    const requiredLaws: { lawId: string; title: string }[] = [];
    for (const r of required) {
      if (requiredLaws.some((l) => l.lawId === r.lawId)) continue;
      requiredLaws.push({ lawId: r.lawId, title: r.law ? displayTitle(r.law) : '' });
    }
    const planExams = plan ? await this.repo.planExams(plan.id) : [];
    return {
      year,
      plan: plan
        ? {
            id: plan.id,
            title: plan.title,
            year: plan.year,
            unitId: plan.unitId,
            unitName: planUnit?.name ?? '',
            status: plan.status,
            requiredHours: plan.requiredHours,
            passMark: plan.passMark,
          }
        : null,
      period,
      periodEnded: today > end,
      requiredLaws,
      planExams,
      exams: new Map(planExams.map((e) => [e.id, e])),
      sessions: new Map(),
      rules: this.config.evidence.rules,
      now,
      timeZone: tz,
    };
  }

  /** The facts about a batch of people, in the batch's order. */
  async facts(
    ctx: DossierContext,
    people: PersonRow[],
    parts: ReadonlySet<FactPart> = ALL_PARTS,
  ): Promise<PersonFacts[]> {
    const ids = people.map((p) => p.staffId);
    const records = parts.has('records')
      ? groupBy(await this.repo.records(ids, ctx.period))
      : new Map<string, RecordRow[]>();
    const invitations = parts.has('sessions')
      ? groupBy(await this.repo.invitations(ids, ctx.period, ctx.now, ctx.timeZone))
      : new Map<string, InvitationRow[]>();
    if (parts.has('sessions')) await this.labelSessions(ctx, [...invitations.values()].flat());
    let links = new Map<string, { staffId: string; examId: string; candidate: boolean }[]>();
    let attempts = new Map<string, AttemptRow[]>();
    if (parts.has('exams')) {
      links = groupBy(
        await this.repo.examLinks(
          ids,
          ctx.planExams.map((e) => e.id),
          ctx.period,
          ctx.timeZone,
        ),
      );
      const examIds = new Set([...links.values()].flat().map((l) => l.examId));
      for (const e of ctx.planExams) examIds.add(e.id);
      const unknown = [...examIds].filter((id) => !ctx.exams.has(id));
      for (const e of await this.repo.exams(unknown)) ctx.exams.set(e.id, e);
      attempts = groupBy(await this.repo.attempts(ids, [...examIds]));
    }
    const exemptions =
      parts.has('exemptions') && ctx.plan
        ? groupBy(await this.repo.exemptions(ctx.plan.id, ids))
        : new Map<string, ExemptionRow[]>();
    return people.map((person) => ({
      person,
      records: records.get(person.staffId) ?? [],
      invitations: invitations.get(person.staffId) ?? [],
      examLinks: links.get(person.staffId) ?? [],
      attempts: attempts.get(person.staffId) ?? [],
      exemptions: exemptions.get(person.staffId) ?? [],
    }));
  }

  /** Labels (2026年第2次…) of the sessions not labelled yet, as the sessions module numbers them. */
  private async labelSessions(ctx: DossierContext, rows: { sessionId: string }[]): Promise<void> {
    const missing = [...new Set(rows.map((r) => r.sessionId))].filter(
      (id) => !ctx.sessions.has(id),
    );
    if (!missing.length) return;
    const entities = await this.repo.sessions(missing);
    for (const s of await this.sessions.present(entities)) {
      ctx.sessions.set(s.id, { label: s.label, type: s.type, typeLabel: s.typeLabel });
    }
  }
}
