import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { QuestionImportService } from '../../src/modules/question-bank/interchange/question-import.service';
import type { SignedIn } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { fixtureLaw } from './law-fixtures';

export const FIXTURE_LAW = '示范市信访工作办法';

type Kind = 'single_choice' | 'multiple_choice' | 'true_false' | 'fill_blank' | 'short_answer';

function question(kind: Kind, i: number) {
  const code = `EX-${kind.slice(0, 2).toUpperCase()}${String(i).padStart(2, '0')}`;
  const base = {
    code,
    explanation: `依据第二条（${code}）。`,
    difficulty: 1 + (i % 5),
    references: [{ articles: [2] }],
    evidence: '应当书面告知信访人',
    tags: [i % 2 ? '受理' : '告知'],
  };
  switch (kind) {
    case 'single_choice':
      return {
        ...base,
        type: kind,
        stem: `第${i}道单选题：办法规定不予受理时应当如何告知？`,
        options: ['书面告知', '口头告知', '无须告知', '公告告知'],
        answer: 'A',
      };
    case 'multiple_choice':
      return {
        ...base,
        type: kind,
        stem: `第${i}道多选题：下列哪些做法符合办法关于告知的规定？`,
        options: ['书面告知信访人', '在决定后告知', '口头告知即可', '不予告知'],
        answer: ['A', 'B'],
      };
    case 'true_false':
      return {
        ...base,
        type: kind,
        stem: `第${i}道判断题：不予受理的应当书面告知信访人。`,
        answer: true,
      };
    case 'fill_blank':
      return {
        ...base,
        type: kind,
        stem: `第${i}道填空题：不予受理的，应当____告知信访人。`,
        answer: [['书面']],
      };
    case 'short_answer':
      return {
        ...base,
        type: kind,
        stem: `第${i}道简答题：简述办法对不予受理事项的告知要求。`,
        answer: '应当书面告知信访人。',
      };
  }
}

/** The fixture law and a small active bank on it: counts per type. */
export async function seedBank(
  t: TestApp,
  counts: Partial<Record<Kind, number>>,
): Promise<{ lawId: string; codes: Record<string, string> }> {
  const law = await t.get(LawImportService).importText(fixtureLaw(), { source: 'fixture.md' });
  const questions = Object.entries(counts).flatMap(([kind, n]) =>
    Array.from({ length: n }, (_, i) => question(kind as Kind, i + 1)),
  );
  await t.get(QuestionImportService).importBankFiles(
    [
      {
        name: 'exam-bank.json',
        content: { law: { title: FIXTURE_LAW, articleCount: 3 }, questions },
      },
    ],
    null,
  );
  const rows = await t.dataSource.query<{ id: string; code: string }[]>(
    'SELECT id, code FROM question',
  );
  return { lawId: law.lawId, codes: Object.fromEntries(rows.map((r) => [r.code, r.id])) };
}

/**
 * The one way the tests publish an exam: `sec` creates it (POST /exams, expects 201) and publishes
 * it (expects 200); returns its id.
 */
export async function publishExam(sec: SignedIn, exam: object): Promise<string> {
  const created = await sec.post('/exams', exam).expect(201);
  const examId = created.body.id as string;
  await sec.post(`/exams/${examId}/status`, { status: 'published' }).expect(200);
  return examId;
}

/**
 * An official exam of one question worth 100 points, open from a minute before `now` for two
 * hours: the compliance and evidence datasets sit it with one letter.
 */
export function oneQuestionExam(o: {
  unitId: string;
  planId: string;
  audienceUnitIds: string[];
  questionId: string;
  now: number;
}) {
  return {
    unitId: o.unitId,
    planId: o.planId,
    title: '2026年度学法考试',
    kind: 'official',
    opensAt: new Date(o.now - 60_000).toISOString(),
    closesAt: new Date(o.now + 2 * 3_600_000).toISOString(),
    durationMinutes: 30,
    audienceUnitIds: o.audienceUnitIds,
    paperMode: 'fixed',
    questions: [{ questionId: o.questionId, points: 100 }],
  };
}

/**
 * The one way the tests sit an exam: `who` starts an attempt (expects 201), saves `responses[i]`
 * as the answer to question i + 1 (seq 1, expects 200 each) and, unless `submit` is false, hands
 * in (expects 200). Returns the attempt id and the hand-in's answer (null when not handed in).
 */
export async function sitExam(
  who: SignedIn,
  examId: string,
  responses: string[][],
  o: { submit?: boolean } = {},
): Promise<{ attemptId: string; submitted: Record<string, unknown> | null }> {
  const started = await who.post(`/exams/${examId}/attempts`).expect(201);
  const attemptId = started.body.id as string;
  for (const [i, response] of responses.entries()) {
    await who.put(`/exam-attempts/${attemptId}/answers/${i + 1}`, { seq: 1, response }).expect(200);
  }
  if (o.submit === false) return { attemptId, submitted: null };
  const done = await who.post(`/exam-attempts/${attemptId}/submit`).expect(200);
  return { attemptId, submitted: done.body as Record<string, unknown> };
}
