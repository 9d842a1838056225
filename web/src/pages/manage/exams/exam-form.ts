import type { Schema } from '../../../api/types';
import { labelOf, QUESTION_TYPE_LABELS } from '../../../labels';
import { formatPercent } from '../../../format-time';

/**
 * The exam wizard's state and what it sends (web.md §5.3): pure functions, tested in
 * exam-form.spec.ts. Times are entered as Beijing wall time (`datetime-local`, web.md §4.4);
 * China keeps no daylight saving, so +08:00 is exact.
 */
export type CreateExam = Schema<'CreateExamDto'>;
export type ExamDetail = Schema<'ExamDetailResponseDto'>;
export type QuestionType = Schema<'BlueprintRuleDto'>['type'];

export interface PickedQuestion {
  questionId: string;
  code: string;
  stem: string;
  type: string;
  points: number;
}

export interface RuleForm {
  type: QuestionType;
  count: number;
  pointsEach: number;
  lawIds: string[];
  articleFrom: number | null;
  articleTo: number | null;
  tags: string;
  difficultyMin: number;
  difficultyMax: number;
}

export interface WizardState {
  unitId: string;
  planId: string;
  kind: 'official' | 'mock';
  title: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  passMark: number;
  attemptsAllowed: number;
  scorePolicy: CreateExam['scorePolicy'];
  audienceUnitIds: string[];
  audienceStaff: { id: string; name: string; staffNo: string }[];
  paperMode: 'fixed' | 'random';
  questions: PickedQuestion[];
  rules: RuleForm[];
  reviewContent: 'score_only' | 'with_answers';
  reviewTiming: 'after_submit' | 'after_close';
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  multipleChoiceScoring: 'all_or_nothing' | 'partial';
}

const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a `datetime-local` value in Beijing time: "2026-12-07T14:00". */
export function toLocalInput(iso: string | Date): string {
  const p = Object.fromEntries(BEIJING.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A `datetime-local` value read as Beijing time, as an ISO instant ("" stays ""). */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function newRule(type: QuestionType = 'single_choice'): RuleForm {
  return {
    type,
    count: 10,
    pointsEach: 2,
    lawIds: [],
    articleFrom: null,
    articleTo: null,
    tags: '',
    difficultyMin: 1,
    difficultyMax: 5,
  };
}

/** A fresh wizard: a window from the next full hour for a week; official exams shuffle options. */
export function initialState(now: Date = new Date()): WizardState {
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return {
    unitId: '',
    planId: '',
    kind: 'official',
    title: '',
    opensAt: toLocalInput(start),
    closesAt: toLocalInput(new Date(start.getTime() + 7 * 86_400_000)),
    durationMinutes: 60,
    passMark: 60,
    attemptsAllowed: 1,
    scorePolicy: 'highest',
    audienceUnitIds: [],
    audienceStaff: [],
    paperMode: 'random',
    questions: [],
    rules: [newRule()],
    reviewContent: 'score_only',
    reviewTiming: 'after_submit',
    shuffleQuestions: true,
    shuffleOptions: true,
    multipleChoiceScoring: 'all_or_nothing',
  };
}

/** Tags typed as "信访, 受理，期限" → ["信访", "受理", "期限"]. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

export function ruleBody(r: RuleForm): Schema<'BlueprintRuleDto'> {
  const oneLaw = r.lawIds.length === 1;
  return {
    type: r.type,
    count: r.count,
    pointsEach: r.pointsEach,
    ...(r.lawIds.length ? { lawIds: r.lawIds } : {}),
    ...(oneLaw && r.articleFrom ? { articleFrom: r.articleFrom } : {}),
    ...(oneLaw && r.articleTo ? { articleTo: r.articleTo } : {}),
    ...(splitTags(r.tags).length ? { tags: splitTags(r.tags) } : {}),
    difficultyMin: r.difficultyMin,
    difficultyMax: r.difficultyMax,
  };
}

/** The body of POST /exams (PATCH takes the same fields but unitId, planId and kind). */
export function toPayload(s: WizardState): CreateExam {
  return {
    unitId: s.unitId,
    ...(s.planId ? { planId: s.planId } : {}),
    kind: s.kind,
    title: s.title.trim(),
    opensAt: fromLocalInput(s.opensAt),
    closesAt: fromLocalInput(s.closesAt),
    durationMinutes: s.durationMinutes,
    passMark: s.passMark,
    attemptsAllowed: s.attemptsAllowed,
    scorePolicy: s.scorePolicy,
    audienceUnitIds: [...s.audienceUnitIds],
    audienceStaffIds: s.audienceStaff.map((p) => p.id),
    paperMode: s.paperMode,
    ...(s.paperMode === 'fixed'
      ? { questions: s.questions.map((q) => ({ questionId: q.questionId, points: q.points })) }
      : { rules: s.rules.map(ruleBody) }),
    shuffleQuestions: s.shuffleQuestions,
    shuffleOptions: s.shuffleOptions,
    multipleChoiceScoring: s.multipleChoiceScoring,
    reviewContent: s.reviewContent,
    reviewTiming: s.reviewTiming,
  };
}

/** PATCH /exams/:id of a draft: everything the wizard edits except unit, plan and kind. */
export function toUpdate(s: WizardState): Schema<'UpdateExamDto'> {
  const { unitId: _u, planId: _p, kind: _k, ...rest } = toPayload(s);
  return { ...rest, questions: rest.questions ?? [], rules: rest.rules ?? [] };
}

/** The wizard state of a saved draft (question codes and stems come from the preview). */
export function fromExam(e: ExamDetail, staff: WizardState['audienceStaff'] = []): WizardState {
  return {
    unitId: e.unitId,
    planId: e.planId ?? '',
    kind: e.kind === 'mock' ? 'mock' : 'official',
    title: e.title,
    opensAt: toLocalInput(e.opensAt),
    closesAt: toLocalInput(e.closesAt),
    durationMinutes: e.durationMinutes,
    passMark: e.passMark,
    attemptsAllowed: e.attemptsAllowed,
    scorePolicy: e.scorePolicy,
    audienceUnitIds: [...e.audienceUnitIds],
    audienceStaff: e.audienceStaffIds.map(
      (id) => staff.find((p) => p.id === id) ?? { id, name: id.slice(0, 8), staffNo: '' },
    ),
    paperMode: e.paperMode,
    questions: e.questions.map((q) => ({
      questionId: q.questionId,
      code: '',
      stem: '',
      type: '',
      points: q.points,
    })),
    rules: e.rules.map((r) => ({
      type: r.type,
      count: r.count,
      pointsEach: r.pointsEach,
      lawIds: [...r.lawIds],
      articleFrom: r.articleFrom,
      articleTo: r.articleTo,
      tags: r.tags.join('，'),
      difficultyMin: r.difficultyMin,
      difficultyMax: r.difficultyMax,
    })),
    reviewContent: e.reviewContent,
    reviewTiming: e.reviewTiming,
    shuffleQuestions: e.shuffleQuestions,
    shuffleOptions: e.shuffleOptions,
    multipleChoiceScoring: e.multipleChoiceScoring,
  };
}

/** Total points of the paper as the wizard has it. */
export function paperPoints(s: WizardState): number {
  const raw =
    s.paperMode === 'fixed'
      ? s.questions.reduce((n, q) => n + q.points, 0)
      : s.rules.reduce((n, r) => n + r.count * r.pointsEach, 0);
  return Math.round(raw * 100) / 100;
}

/** What is missing before leaving a step (0 basics, 1 audience, 2 paper, 3 policy). */
export function stepProblems(s: WizardState, step: number): string[] {
  const out: string[] = [];
  if (step === 0) {
    if (!s.unitId) out.push('请选择考试所属单位');
    if (s.title.trim().length < 2) out.push('请填写考试名称（至少 2 个字）');
    const opens = fromLocalInput(s.opensAt);
    const closes = fromLocalInput(s.closesAt);
    if (!opens || !closes) out.push('请填写开始和截止时间');
    else if (closes <= opens) out.push('截止时间必须晚于开始时间');
    else if (s.durationMinutes * 60_000 > Date.parse(closes) - Date.parse(opens)) {
      out.push('答题时长不能超过考试开放的时长');
    }
    if (!(s.durationMinutes >= 1)) out.push('答题时长至少 1 分钟');
    if (!(s.passMark >= 0 && s.passMark <= 100)) out.push('及格线应在 0 到 100 之间');
  } else if (step === 1) {
    if (!s.audienceUnitIds.length && !s.audienceStaff.length) {
      out.push('请至少选择一个单位或一名人员作为考试对象');
    }
  } else if (step === 2) {
    if (s.paperMode === 'fixed' && !s.questions.length) out.push('固定试卷至少需要一道题');
    if (s.paperMode === 'random') {
      if (!s.rules.length) out.push('随机组卷至少需要一条规则');
      s.rules.forEach((r, i) => {
        if (r.difficultyMin > r.difficultyMax) out.push(`规则 ${i + 1}：难度下限不能高于上限`);
        if ((r.articleFrom || r.articleTo) && r.lawIds.length !== 1) {
          out.push(`规则 ${i + 1}：按条文范围抽题时须且只能选择一部法律法规`);
        }
        if (r.count < 1) out.push(`规则 ${i + 1}：题数至少为 1`);
      });
    }
  }
  return out;
}

interface Shortfall {
  rule: number;
  type: string;
  needed: number;
  available: number;
}

/** The per-rule shortfall of a refused publish (`details` of EXAMS.BLUEPRINT_SHORTFALL). */
export function shortfallLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is Shortfall => !!d && typeof d === 'object' && 'rule' in d && 'needed' in d)
    .map(
      (d) =>
        `规则 ${d.rule}（${labelOf(QUESTION_TYPE_LABELS, d.type)}）：需要 ${d.needed} 道，题库中可用 ${d.available} 道，还差 ${d.needed - d.available} 道`,
    );
}

/** A percentage with one decimal: 31 → "31.0%"; null → "—". */
export function percentText(p: number | null | undefined): string {
  return formatPercent(p) || '—';
}

/** A rate as "9 / 29（31.0%）". */
export function rateText(r: { numerator: number; denominator: number; percent: number | null }) {
  return `${r.numerator} / ${r.denominator}（${percentText(r.percent)}）`;
}
