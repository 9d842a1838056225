import { dateInZone } from '../../../common/clock/clock';
import type { FlagRule } from '../../../config/evidence-rules';
import type { ExamState } from '../../compliance';
import { studyMetOn } from '../../compliance';
import { percentage, STANDING_LABELS, countedPercentage, standing } from '../../exams';
import { STUDY_KINDS, KIND_LABELS, STATUS_LABELS as RECORD_STATUS_LABELS } from '../../study';
import type {
  DossierDto,
  DossierExamDto,
  DossierLawDto,
  DossierPlanDto,
  DossierSessionDto,
} from '../dto/dossier.dto';
import {
  EXAM_KIND_LABELS,
  EXAM_STATE_LABELS,
  OUTCOME_LABELS,
  type SessionOutcome,
} from '../evidence-labels';
import type {
  AttemptRow,
  ExamRow,
  ExemptionRow,
  InvitationRow,
  Period,
  PersonRow,
  RecordRow,
} from '../evidence.repository';
import { evaluateFlags } from './flag-rules';
import type { FlagFacts } from './flag-rules';
import { onRosterDuring } from '../../staff';

/** What is the same for everyone in one dossier or workbook. */
export interface DossierContext {
  year: number;
  plan: DossierPlanDto | null;
  period: Period;
  periodEnded: boolean;
  requiredLaws: { lawId: string; title: string }[];
  /** The plan's official exams and their make-ups (what the rates count). */
  planExams: ExamRow[];
  /** Every exam the people of the batch are linked to, by id. */
  exams: Map<string, ExamRow>;
  /** Session labels (2026年第2次党组理论学习中心组集体学习), types, by id. */
  sessions: Map<string, { label: string; type: string; typeLabel: string }>;
  rules: readonly FlagRule[];
  now: Date;
  timeZone: string;
}

/** Everything read about one person. */
export interface PersonFacts {
  person: PersonRow;
  records: RecordRow[];
  invitations: InvitationRow[];
  examLinks: { examId: string; candidate: boolean }[];
  attempts: AttemptRow[];
  exemptions: ExemptionRow[];
}

/**
 * When a finished attempt's result may be shown (the exams module's review policy), for a
 * person reading their own dossier; without it (HR and admins) every result is shown.
 */
export type ResultVisibleFrom = (exam: ExamRow, attempt: AttemptRow) => Date | null;

const round2 = (n: number) => Math.round(n * 100) / 100;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * One person's dossier for the year, from the rows read about them. The study requirement and
 * the exam outcome are computed exactly as the compliance figures compute them (the same
 * studyMetOn, standing and counted percentage), so the evidence and the rates agree.
 */
export function buildDossier(
  ctx: DossierContext,
  facts: PersonFacts,
  resultVisibleFrom?: ResultVisibleFrom,
): DossierDto {
  const p = facts.person;
  const period = ctx.period;
  const exemptions = facts.exemptions.map((e) => ({
    id: e.id,
    reason: e.reason,
    approvedBy: e.approvedBy,
    approvedOn: e.approvedOn,
    recordedAt: iso(e.recordedAt) as string,
    revokedAt: iso(e.revokedAt),
    revokeReason: e.revokeReason,
  }));
  const exempted = facts.exemptions.some((e) => e.revokedAt === null);

  // ---- study ----
  const credited = facts.records.filter((r) => r.status === 'credited');
  const byKind = STUDY_KINDS.map((kind) => {
    const rows = credited.filter((r) => r.kind === kind);
    return {
      kind,
      label: KIND_LABELS[kind],
      hours: round2(rows.reduce((n, r) => n + r.hours, 0)),
      records: rows.length,
    };
  });
  const days = new Map<string, number>();
  for (const r of credited) days.set(r.occurredOn, (days.get(r.occurredOn) ?? 0) + r.hours);
  const totalHours = round2([...days.values()].reduce((n, h) => n + h, 0));
  const lawFirstDays = new Map<string, string>();
  for (const r of credited) {
    for (const l of r.laws) {
      const first = lawFirstDays.get(l.lawId);
      if (!first || r.occurredOn < first) lawFirstDays.set(l.lawId, r.occurredOn);
    }
  }
  const requiredLaws: DossierLawDto[] = ctx.requiredLaws.map((l) => ({
    lawId: l.lawId,
    title: l.title,
    firstStudiedOn: lawFirstDays.get(l.lawId) ?? null,
  }));
  const metOn = ctx.plan
    ? studyMetOn(
        [...days].map(([day, hours]) => ({ day, hours })),
        ctx.plan.requiredHours,
        ctx.requiredLaws.map((l) => l.lawId),
        lawFirstDays,
        period.start,
      )
    : null;

  // ---- sessions ----
  const items: DossierSessionDto[] = facts.invitations.map((i) => {
    const s = ctx.sessions.get(i.sessionId);
    const outcome: SessionOutcome =
      i.attendance === 'present'
        ? 'attended'
        : i.attendance === 'late'
          ? 'late'
          : i.attendance === 'excused'
            ? 'excused'
            : i.attendance === 'absent'
              ? 'missed'
              : 'unmarked';
    return {
      sessionId: i.sessionId,
      label: s?.label ?? '',
      type: s?.type ?? '',
      typeLabel: s?.typeLabel ?? '',
      topic: i.topic,
      startsAt: iso(i.startsAt) as string,
      endsAt: iso(i.endsAt) as string,
      required: i.required,
      creditedHours: i.creditedHours,
      outcome,
      outcomeLabel: OUTCOME_LABELS[outcome],
      checkedInAt: iso(i.checkedInAt),
      makeup: i.makeupStatus,
    };
  });
  const count = (o: SessionOutcome) => items.filter((i) => i.outcome === o).length;

  // ---- exams ----
  const planExamIds = new Set(ctx.planExams.map((e) => e.id));
  const candidate = new Map(facts.examLinks.map((l) => [l.examId, l.candidate]));
  const examIds = new Set([
    ...facts.examLinks.map((l) => l.examId),
    ...ctx.planExams.filter((e) => e.kind === 'official').map((e) => e.id),
  ]);
  const attemptsOf = (examId: string) => facts.attempts.filter((a) => a.examId === examId);
  // a result the review policy does not show yet counts for nothing here, as in GET /me/exams
  const hiddenUntil = (a: AttemptRow): Date | null => {
    const exam = ctx.exams.get(a.examId);
    if (!resultVisibleFrom || !exam || a.status !== 'finished') return null;
    const from = resultVisibleFrom(exam, a);
    return from && ctx.now < from ? from : null;
  };
  const shown = (a: AttemptRow) => hiddenUntil(a) === null;
  const exams: DossierExamDto[] = [...examIds]
    .map((id) => ctx.exams.get(id))
    .filter((e): e is ExamRow => !!e)
    .sort((a, b) => +new Date(a.opensAt) - +new Date(b.opensAt) || a.id.localeCompare(b.id))
    .map((e) => {
      const mine = attemptsOf(e.id);
      const s = standing(e, mine, ctx.now, shown);
      return {
        examId: e.id,
        title: e.title,
        kind: e.kind,
        kindLabel: EXAM_KIND_LABELS[e.kind],
        countsForPlan: planExamIds.has(e.id),
        candidate: candidate.get(e.id) ?? false,
        opensAt: iso(e.opensAt) as string,
        closesAt: iso(e.closesAt) as string,
        passMark: e.passMark,
        standing: s.status,
        standingLabel: STANDING_LABELS[s.status],
        score: s.counted?.score ?? null,
        maxScore: s.counted?.maxScore ?? null,
        percentage: countedPercentage(s),
        passed: s.counted ? s.counted.passed === true : null,
        attempts: mine.map((a) => {
          const until = hiddenUntil(a);
          return {
            id: a.id,
            attemptNo: a.attemptNo,
            status: a.status,
            startedAt: iso(a.startedAt) as string,
            finishedAt: iso(a.finishedAt),
            score: until ? null : a.score,
            maxScore: a.maxScore,
            percentage:
              until || a.score === null || a.gradingPending
                ? null
                : percentage(a.score, a.maxScore),
            passed: until ? null : a.passed,
            gradingPending: until ? false : a.gradingPending,
            counted: s.counted?.id === a.id,
            resultVisibleFrom: iso(until),
          };
        }),
      };
    });

  // the plan's exams as ComplianceService counts them
  const tried = facts.attempts.filter((a) => planExamIds.has(a.examId));
  const finished = tried.filter((a) => a.status === 'finished' && a.finishedAt);
  // each exam's counted attempt (its score policy), exactly as ComplianceService counts a pass
  const counted = ctx.planExams.map((e) => ({
    exam: e,
    standing: standing(e, attemptsOf(e.id), ctx.now, shown),
  }));
  const passing = counted
    .filter((c) => c.standing.status === 'passed' && c.standing.counted)
    .map((c) => c.standing.counted as AttemptRow);
  const best = counted
    .map((c) => countedPercentage(c.standing))
    .filter((x): x is number => x !== null);
  const day = (list: AttemptRow[]) =>
    list.length
      ? list.map((a) => dateInZone(new Date(a.finishedAt as Date), ctx.timeZone)).sort()[0]
      : null;
  let state: ExamState = 'none';
  if (passing.length) state = 'passed';
  else if (tried.some((a) => a.status === 'in_progress')) state = 'in_progress';
  else if (finished.some((a) => a.gradingPending || !shown(a))) state = 'pending';
  else if (best.length) state = 'failed';
  const isOver = (e: ExamRow) =>
    ctx.now >= new Date(e.closesAt) || e.status === 'closed' || e.status === 'archived';
  const officialIds = new Set(ctx.planExams.filter((e) => e.kind === 'official').map((e) => e.id));
  const passedByMakeup = passing.length > 0 && !passing.some((a) => officialIds.has(a.examId));
  const officialFailed = counted.some(
    (c) => c.exam.kind === 'official' && isOver(c.exam) && c.standing.status === 'failed',
  );
  // only a candidate could sit it: someone who joined after it was published is not absent
  const officialAbsent = counted.some(
    (c) =>
      c.exam.kind === 'official' &&
      isOver(c.exam) &&
      candidate.get(c.exam.id) === true &&
      c.standing.status === 'absent',
  );
  const onRoster = onRosterDuring(p, period.start, period.end);

  const missedRequired = items.filter((i) => i.outcome === 'missed' && i.required).length;
  // make-up study of a session the person missed (a late correction to present leaves the
  // task behind, but there is nothing left to make up)
  const makeups = items.filter(
    (i) => i.makeup !== null && (i.outcome === 'missed' || i.outcome === 'excused'),
  );
  const lawsMissing = requiredLaws.filter((l) => !l.firstStudiedOn);
  const flagFacts: FlagFacts = {
    hasPlan: ctx.plan !== null,
    onRoster,
    exempted,
    periodEnded: ctx.periodEnded,
    hours: totalHours,
    studyMet: ctx.plan ? metOn !== null : null,
    lawsMissing: lawsMissing.length,
    // exam predicates wait for every result to be shown too
    planExamsOver: ctx.planExams.length > 0 && ctx.planExams.every(isOver) && finished.every(shown),
    sat: finished.length > 0,
    passed: passing.length > 0,
    officialFailed,
    officialAbsent,
    passedByMakeup,
    missedSessions: count('missed'),
    missedRequiredSessions: missedRequired,
    openMakeups: makeups.filter((m) => m.makeup === 'open').length,
  };

  return {
    staff: {
      id: p.staffId,
      staffNo: p.staffNo,
      name: p.name,
      position: p.position,
      partyMember: p.partyMember,
      unitId: p.unitId,
      unitName: p.unitName,
      employmentStart: p.employmentStart,
      employmentEnd: p.employmentEnd,
      active: p.active,
    },
    year: ctx.year,
    plan: ctx.plan,
    periodStart: period.start,
    periodEnd: period.end,
    asOf: period.asOf,
    periodEnded: ctx.periodEnded,
    onRoster,
    exempted,
    exemptions,
    study: {
      totalHours,
      requiredHours: ctx.plan?.requiredHours ?? null,
      hoursMet: ctx.plan ? totalHours + 1e-9 >= ctx.plan.requiredHours : null,
      byKind,
      requiredLaws,
      lawsMissing,
      met: ctx.plan ? metOn !== null : null,
      metOn,
      pendingHours: round2(
        facts.records.filter((r) => r.status === 'pending').reduce((n, r) => n + r.hours, 0),
      ),
      records: facts.records.map((r) => ({
        id: r.id,
        kind: r.kind,
        kindLabel: KIND_LABELS[r.kind],
        occurredOn: r.occurredOn,
        title: r.title,
        hours: r.hours,
        status: r.status,
        statusLabel: RECORD_STATUS_LABELS[r.status],
        laws: [...new Set(r.laws.map((l) => l.title))],
        note: r.decisionNote,
        details: r.details,
      })),
    },
    sessions: {
      invited: items.length,
      attended: count('attended') + count('late'),
      late: count('late'),
      excused: count('excused'),
      missed: count('missed'),
      missedRequired,
      unmarked: count('unmarked'),
      items,
    },
    exams: {
      state,
      stateLabel: EXAM_STATE_LABELS[state],
      sat: finished.length > 0,
      passed: passing.length > 0,
      firstSatOn: day(finished),
      passedOn: day(passing),
      bestPercentage: best.length ? Math.max(...best) : null,
      passedByMakeup,
      items: exams,
    },
    makeups,
    flags: evaluateFlags(ctx.rules, flagFacts),
    generatedAt: ctx.now.toISOString(),
  };
}
