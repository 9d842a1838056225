import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// 09:00 on Monday 1 June 2026 in Asia/Shanghai
const T0 = Date.parse('2026-06-01T01:00:00Z');
const LETTERS = 'ABCDEFGH';
/** The official exam's fixed paper: five single-choice questions of the fixture bank. */
const PAPER = ['EX-SI01', 'EX-SI02', 'EX-SI03', 'EX-SI04', 'EX-SI05'];

interface Shown {
  position: number;
  type: string;
  stem: string;
  options: string[];
  answered?: boolean;
  correctAnswer?: unknown;
}

/** Fixture bank stems carry their number: 第3道单选题 is EX-SI03. */
const codeOf = (stem: string) => {
  const m = /^第(\d+)道(单选|多选|判断|填空)题/.exec(stem);
  const kind = { 单选: 'SI', 多选: 'MU', 判断: 'TR', 填空: 'FI' }[m?.[2] ?? ''] ?? '??';
  return `EX-${kind}${(m?.[1] ?? '').padStart(2, '0')}`;
};

/** The wrong answer to a fixture-bank question, in the shown letters. */
function wrongAnswer(q: Shown): string[] {
  const letter = (text: string) => LETTERS[q.options.indexOf(text)];
  switch (q.type) {
    case 'single_choice':
      return [letter('口头告知')];
    case 'multiple_choice':
      return [letter('不予告知')];
    case 'true_false':
      return [letter('错误')];
    default:
      return ['口头'];
  }
}

/**
 * The attack of the hardening issue: an examinee with an attempt in progress starts practice
 * over the exam's law and reads the keys of the paper's questions. While an attempt is in
 * progress practice, the wrong-answer book and make-up quizzes refuse; while an official exam
 * (or make-up) of theirs is open, its questions are neither drawn nor answered nor shown with
 * their keys; once it closes they are ordinary practice again. And one's own dossier shows an
 * exam result exactly when the attempt view does.
 */
describe('exam secrecy: practice, wrong-answer book, make-up quizzes, own dossier (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let lawId: string;
  let codes: Record<string, string>;
  let mate: TestStaff;

  /** Every explanation of a paper question (they name their code), as found in a body. */
  const paperSecrets = (body: unknown) =>
    PAPER.filter((c) => JSON.stringify(body).includes(`（${c}）`));
  /** Paper questions shown with a key anywhere in a body. */
  const keyedPaperStems = (body: unknown): string[] => {
    const out: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.stem === 'string' && PAPER.includes(codeOf(o.stem)) && 'correctAnswer' in o) {
          out.push(codeOf(o.stem));
        }
        Object.values(o).forEach(walk);
      }
    };
    walk(body);
    return out;
  };
  const practice = (who: Session, body: object = {}) =>
    signedIn(t, who).post('/me/practice', { lawId, count: 50, ...body });
  const drawnCodes = (quiz: { questions: Shown[] }) => quiz.questions.map((q) => codeOf(q.stem));

  /** A secretary's exam on the fixture law for `unit`, open from a minute ago for `hours`. */
  const publish = async (body: object, unitId: string, now: number, hours = 2) => {
    const sec = signedIn(t, await login(t, org.people.secA));
    return publishExam(sec, {
      unitId: org.units.bureauA.id,
      title: '2026年度学法考试',
      kind: 'official',
      opensAt: new Date(now - MIN).toISOString(),
      closesAt: new Date(now + hours * HOUR).toISOString(),
      durationMinutes: 30,
      audienceUnitIds: [unitId],
      ...body,
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    ({ lawId, codes } = await seedBank(t, {
      single_choice: 6,
      multiple_choice: 2,
      true_false: 4,
      fill_blank: 2,
    }));
    mate = await org.f.staff({ unit: org.units.deptA1 });
  });
  afterAll(() => t.close());

  describe('an official exam with a fixed paper', () => {
    let a1: Session;
    let examId: string;
    let attemptId: string;
    let oldQuiz: { id: string; questions: Shown[] };
    let sessionId: string;

    beforeAll(async () => {
      t.clock.set(new Date(T0 - DAY));
      a1 = await login(t, org.people.staffA1);
      // the day before: a practice quiz over the whole law, two paper questions and one other
      // answered wrongly (into the wrong-answer book), the rest of the paper left unanswered
      oldQuiz = (await practice(a1).expect(201)).body;
      if (!PAPER.every((c) => drawnCodes(oldQuiz).includes(c))) {
        throw new Error(
          `the quiz over the whole law lacks the paper: ${drawnCodes(oldQuiz).join()}`,
        );
      }
      for (const q of oldQuiz.questions) {
        if (!['EX-SI01', 'EX-SI02', 'EX-SI06'].includes(codeOf(q.stem))) continue;
        await signedIn(t, a1)
          .post(`/me/practice/${oldQuiz.id}/answers/${q.position}`, { response: wrongAnswer(q) })
          .expect(200);
      }
      // and a study session they missed: their make-up quiz holds the paper's questions
      const sec = signedIn(t, await login(t, org.people.secA));
      const held = await sec
        .post('/sessions', {
          unitId: org.units.bureauA.id,
          type: 'theory_group',
          topic: '学习示范办法',
          startsAt: new Date(T0 - 3 * DAY).toISOString(),
          endsAt: new Date(T0 - 3 * DAY + 2 * HOUR).toISOString(),
          place: '会议室',
          organiser: '局党组书记',
          creditedHours: 1,
          invite: { staffIds: [org.people.staffA1.id] },
          laws: [{ lawId, articles: [2] }],
        })
        .expect(201);
      sessionId = held.body.id as string;
      await t.get(SessionJobsService).start(sessionId);
      await t.get(SessionJobsService).end(sessionId);
      const revisions = await t.dataSource.query<{ id: string; rev: string }[]>(
        `SELECT id, current_revision_id AS rev FROM question WHERE id = ANY($1::uuid[])`,
        [PAPER.map((c) => codes[c])],
      );
      await t.dataSource.query(
        `UPDATE study_session_makeup SET quiz = $3::jsonb WHERE session_id = $1 AND staff_id = $2`,
        [
          sessionId,
          org.people.staffA1.id,
          JSON.stringify(
            revisions.map((r) => ({
              questionId: r.id,
              revisionId: r.rev,
              optionOrder: [0, 1, 2, 3],
            })),
          ),
        ],
      );
      await signedIn(t, a1).post(`/me/makeups/${sessionId}/read`).expect(200);

      // the exam: the five paper questions, for 来访接待科 (staffA1 and mate among them)
      t.clock.set(new Date(T0));
      examId = await publish(
        {
          paperMode: 'fixed',
          questions: PAPER.map((c) => ({ questionId: codes[c], points: 20 })),
        },
        org.units.deptA1.id,
        T0,
      );
      a1 = await login(t, org.people.staffA1);
      attemptId = (await signedIn(t, a1).post(`/exams/${examId}/attempts`).expect(201)).body
        .id as string;
    });

    it('with an attempt in progress, practice, the book and make-up quizzes refuse and show no key of the paper', async () => {
      const attempt = await signedIn(t, a1).get(`/exam-attempts/${attemptId}`).expect(200);
      expect((attempt.body.questions as Shown[]).map((q) => codeOf(q.stem)).sort()).toEqual(PAPER);

      const responses = [
        await practice(a1),
        await practice(a1, { source: 'wrong_book', lawId: undefined }),
        await practice(a1, { source: 'wrong_book' }),
        await signedIn(t, a1).get(`/me/practice/${oldQuiz.id}`),
        ...(await Promise.all(
          oldQuiz.questions.map((q) =>
            signedIn(t, a1).post(`/me/practice/${oldQuiz.id}/answers/${q.position}`, {
              response: ['A'],
            }),
          ),
        )),
        await signedIn(t, a1).post(`/me/practice/${oldQuiz.id}/finish`),
        await signedIn(t, a1).get('/me/wrong-answers'),
      ];
      for (const res of responses) {
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 409,
          code: 'STUDY.EXAM_IN_PROGRESS',
        });
        expect(res.body.message).toMatch(/^考试进行中，暂不能练习/);
        expect(paperSecrets(res.body)).toEqual([]);
        expect(keyedPaperStems(res.body)).toEqual([]);
      }
      const makeups = [
        await signedIn(t, a1).get(`/me/makeups/${sessionId}`),
        await signedIn(t, a1).post(`/me/makeups/${sessionId}/read`),
        await signedIn(t, a1).post(`/me/makeups/${sessionId}/submit`, {
          answers: PAPER.map(() => ['A']),
        }),
      ];
      for (const res of makeups) {
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 409,
          code: 'SESSIONS.MAKEUP_EXAM_IN_PROGRESS',
        });
        expect(res.body.message).toMatch(/^考试进行中/);
      }
      // nothing was drawn, answered, finished or graded
      const quizzes = await signedIn(t, a1).get('/me/practice').expect(200);
      expect(quizzes.body.items).toEqual([
        expect.objectContaining({ id: oldQuiz.id, status: 'open', answeredCount: 3 }),
      ]);
      const [task] = await t.dataSource.query<{ attempts: number }[]>(
        `SELECT attempts FROM study_session_makeup WHERE session_id = $1`,
        [sessionId],
      );
      expect(task.attempts).toBe(0);
    });

    it('after handing in, while the window is open, the paper stays out of practice, the book and the make-up quiz', async () => {
      await signedIn(t, a1).post(`/exam-attempts/${attemptId}/submit`).expect(200);

      const fresh = await practice(a1).expect(201);
      expect(drawnCodes(fresh.body).sort()).toEqual(
        Object.keys(codes)
          .filter((c) => !PAPER.includes(c))
          .sort(),
      );
      for (const q of fresh.body.questions as Shown[]) {
        const fb = await signedIn(t, a1)
          .post(`/me/practice/${fresh.body.id}/answers/${q.position}`, {
            response: wrongAnswer(q),
          })
          .expect(200);
        expect(paperSecrets(fb.body)).toEqual([]);
      }

      // the quiz drawn the day before: the answered paper questions lose their keys, the
      // unanswered ones cannot be answered (right or wrong alone would tell the key)
      const old = await signedIn(t, a1).get(`/me/practice/${oldQuiz.id}`).expect(200);
      expect(paperSecrets(old.body)).toEqual([]);
      expect(keyedPaperStems(old.body)).toEqual([]);
      const keyed = (old.body.questions as Shown[]).filter((q) => 'correctAnswer' in q);
      expect(keyed.map((q) => codeOf(q.stem))).toEqual(['EX-SI06']);
      const unanswered = (old.body.questions as Shown[]).find(
        (q) => codeOf(q.stem) === 'EX-SI03',
      ) as Shown;
      const refused = await signedIn(t, a1)
        .post(`/me/practice/${oldQuiz.id}/answers/${unanswered.position}`, { response: ['A'] })
        .expect(409);
      expect(refused.body).toMatchObject({
        code: 'STUDY.QUESTION_IN_EXAM',
        message: `第 ${unanswered.position} 题是您正在进行的考试中的题目，考试结束后才能作答`,
      });
      expect(paperSecrets(refused.body)).toEqual([]);
      const [line] = await t.dataSource.query<{ answered_at: Date | null }[]>(
        `SELECT answered_at FROM practice_question WHERE quiz_id = $1 AND position = $2`,
        [oldQuiz.id, unanswered.position],
      );
      expect(line.answered_at).toBeNull();

      // the wrong-answer book holds EX-SI01, EX-SI02 and everything just missed; a quiz from it
      // leaves the paper out
      const book = await signedIn(t, a1).get('/me/wrong-answers?pageSize=50').expect(200);
      expect(book.body.items.map((i: { stem: string }) => codeOf(i.stem))).toEqual(
        expect.arrayContaining(['EX-SI01', 'EX-SI02']),
      );
      for (const body of [{ source: 'wrong_book' }, { source: 'wrong_book', lawId: undefined }]) {
        const fromBook = await practice(a1, body).expect(201);
        expect(drawnCodes(fromBook.body).filter((c) => PAPER.includes(c))).toEqual([]);
        expect(fromBook.body.questions.length).toBeGreaterThan(0);
      }

      // the make-up quiz drawn before the exam: handing it in is refused and it is replaced
      const stale = await signedIn(t, a1)
        .post(`/me/makeups/${sessionId}/submit`, { answers: PAPER.map(() => ['A']) })
        .expect(409);
      expect(stale.body.code).toBe('SESSIONS.MAKEUP_QUIZ_CHANGED');
      const makeup = await signedIn(t, a1).get(`/me/makeups/${sessionId}`).expect(200);
      expect(makeup.body.questions).toHaveLength(5);
      expect(
        (makeup.body.questions as Shown[]).filter((q) => PAPER.includes(codeOf(q.stem))),
      ).toEqual([]);
      const graded = await signedIn(t, a1)
        .post(`/me/makeups/${sessionId}/submit`, {
          answers: (makeup.body.questions as Shown[]).map(wrongAnswer),
        })
        .expect(200);
      expect(graded.body).toMatchObject({ passed: false, correct: 0, total: 5 });
    });

    it('keeps the paper from every candidate while the window is open, not from anyone else', async () => {
      const colleague = await practice(await login(t, mate)).expect(201);
      expect(drawnCodes(colleague.body).filter((c) => PAPER.includes(c))).toEqual([]);
      const outsider = await practice(await login(t, org.people.staffA2)).expect(201);
      expect(drawnCodes(outsider.body)).toEqual(expect.arrayContaining(PAPER));
    });

    it('once the window closes, the paper is ordinary practice again', async () => {
      t.clock.set(new Date(T0 + 2 * HOUR + MIN));
      a1 = await login(t, org.people.staffA1);
      const after = await practice(a1).expect(201);
      expect(drawnCodes(after.body)).toEqual(expect.arrayContaining(PAPER));
      const old = await signedIn(t, a1).get(`/me/practice/${oldQuiz.id}`).expect(200);
      expect(keyedPaperStems(old.body).sort()).toEqual(['EX-SI01', 'EX-SI02']);
      const q = (old.body.questions as Shown[]).find((x) => codeOf(x.stem) === 'EX-SI03') as Shown;
      const fb = await signedIn(t, a1)
        .post(`/me/practice/${oldQuiz.id}/answers/${q.position}`, { response: wrongAnswer(q) })
        .expect(200);
      expect(paperSecrets(fb.body)).toEqual(['EX-SI03']);
    });
  });

  it('a blueprint exam keeps its whole pool from its candidates while open, and refuses practice during the attempt', async () => {
    const now = T0 + 7 * DAY;
    t.clock.set(new Date(now));
    const examId = await publish(
      {
        paperMode: 'random',
        rules: [{ type: 'true_false', count: 2, pointsEach: 50, lawIds: [lawId] }],
      },
      org.units.deptA2.id,
      now,
    );
    const a2 = await login(t, org.people.staffA2);
    const pool = Object.keys(codes).filter((c) => c.startsWith('EX-TR'));
    const before = await practice(a2).expect(201);
    expect(drawnCodes(before.body).filter((c) => pool.includes(c))).toEqual([]);
    expect(before.body.questions.length).toBe(Object.keys(codes).length - pool.length);
    // someone outside the audience practises them
    const other = await practice(await login(t, mate)).expect(201);
    expect(drawnCodes(other.body)).toEqual(expect.arrayContaining(pool));

    const attempt = await signedIn(t, a2).post(`/exams/${examId}/attempts`).expect(201);
    const refused = await practice(a2).expect(409);
    expect(refused.body.code).toBe('STUDY.EXAM_IN_PROGRESS');
    await signedIn(t, a2).get(`/me/practice/${before.body.id}`).expect(409);
    await signedIn(t, a2).post(`/exam-attempts/${attempt.body.id}/submit`).expect(200);
    const view = await signedIn(t, a2).get(`/me/practice/${before.body.id}`).expect(200);
    expect(view.body.id).toBe(before.body.id);
  });

  it("one's own dossier shows an exam result exactly when the attempt view does; HR sees it at once", async () => {
    const now = T0 + 14 * DAY;
    t.clock.set(new Date(now));
    const closed = await publish(
      {
        title: '闭卷后公布成绩的考试',
        paperMode: 'fixed',
        questions: [{ questionId: codes['EX-TR01'], points: 100 }],
        reviewTiming: 'after_close',
      },
      org.units.deptA2.id,
      now,
    );
    const open = await publish(
      {
        title: '交卷后公布成绩的考试',
        kind: 'mock',
        paperMode: 'fixed',
        questions: [{ questionId: codes['EX-TR02'], points: 100 }],
        reviewTiming: 'after_submit',
      },
      org.units.deptA2.id,
      now,
    );
    const a2 = await login(t, org.people.staffA2);
    const sit = async (examId: string) => {
      const a = await signedIn(t, a2).post(`/exams/${examId}/attempts`).expect(201);
      const right = LETTERS[(a.body.questions as Shown[])[0].options.indexOf('正确')];
      await signedIn(t, a2)
        .put(`/exam-attempts/${a.body.id}/answers/1`, { seq: 1, response: [right] })
        .expect(200);
      await signedIn(t, a2).post(`/exam-attempts/${a.body.id}/submit`).expect(200);
      return a.body.id as string;
    };
    const hiddenId = await sit(closed);
    const shownId = await sit(open);

    const hiddenView = await signedIn(t, a2).get(`/exam-attempts/${hiddenId}`).expect(200);
    expect(hiddenView.body.result).toEqual({
      visible: false,
      visibleFrom: new Date(now + 2 * HOUR).toISOString(),
    });
    const shownView = await signedIn(t, a2).get(`/exam-attempts/${shownId}`).expect(200);
    expect(shownView.body.result).toMatchObject({ visible: true, score: 100, passed: true });

    type Item = {
      examId: string;
      standing: string;
      score: number | null;
      percentage: number | null;
      passed: boolean | null;
      attempts: {
        id: string;
        score: number | null;
        percentage: number | null;
        passed: boolean | null;
        resultVisibleFrom: string | null;
      }[];
    };
    const dossierOf = async (who: Session) =>
      (await signedIn(t, who).get(`/staff/${org.people.staffA2.id}/dossier?year=2026`).expect(200))
        .body as {
        exams: { items: Item[] };
      };
    const item = (d: { exams: { items: Item[] } }, id: string) =>
      d.exams.items.find((i) => i.examId === id) as Item;

    const own = await dossierOf(a2);
    expect(item(own, closed)).toMatchObject({
      standing: 'submitted',
      score: null,
      percentage: null,
      passed: null,
    });
    expect(item(own, closed).attempts).toEqual([
      expect.objectContaining({
        id: hiddenId,
        score: null,
        percentage: null,
        passed: null,
        resultVisibleFrom: new Date(now + 2 * HOUR).toISOString(),
      }),
    ]);
    expect(item(own, open)).toMatchObject({ standing: 'passed', score: 100, passed: true });
    expect(item(own, open).attempts[0]).toMatchObject({ score: 100, resultVisibleFrom: null });

    const seenByHr = await dossierOf(await login(t, org.people.hrA));
    expect(item(seenByHr, closed)).toMatchObject({ standing: 'passed', score: 100, passed: true });
    expect(item(seenByHr, closed).attempts[0]).toMatchObject({
      score: 100,
      passed: true,
      resultVisibleFrom: null,
    });

    t.clock.set(new Date(now + 2 * HOUR));
    const later = await dossierOf(await login(t, org.people.staffA2));
    expect(item(later, closed)).toMatchObject({ standing: 'passed', score: 100, passed: true });
    expect(item(later, closed).attempts[0]).toMatchObject({ resultVisibleFrom: null });
  });

  it('a secretary sitting an exam sees no bank, preview, statistics or grading until handing in; others still do', async () => {
    const now = T0 + 21 * DAY;
    t.clock.set(new Date(now));
    // secA (a secretary in 来访接待科) is a candidate of this one
    const examId = await publish(
      { paperMode: 'fixed', questions: PAPER.map((c) => ({ questionId: codes[c], points: 20 })) },
      org.units.deptA1.id,
      now,
    );
    const sec = signedIn(t, await login(t, org.people.secA));
    const admin = signedIn(t, await login(t, org.people.rootAdmin));
    const q = codes['EX-SI01'];
    const revealing = [
      '/questions',
      `/questions/${q}`,
      `/questions/${q}/revisions`,
      `/exams/${examId}/preview`,
      `/exams/${examId}/statistics`,
      `/exams/${examId}/grading`,
    ];
    for (const path of revealing) await sec.get(path).expect(200);

    const attempt = await sec.post(`/exams/${examId}/attempts`).expect(201);
    for (const path of revealing) {
      const refused = await sec.get(path).expect(409);
      expect(refused.body).toMatchObject({
        code: 'COMMON.ANSWER_KEYS_WITHHELD',
        message: '您有正在进行的考试：交卷前不能查看题库、试卷和答案',
      });
      expect(keyedPaperStems(refused.body)).toEqual([]);
      // an admin who is not sitting it still reads them
      await admin.get(path).expect(200);
    }
    await sec
      .post(`/exams/${examId}/key-corrections`, { questionId: q, answer: ['A'] })
      .expect(409);
    // what shows no key stays open: the exam's settings and its results
    await sec.get(`/exams/${examId}`).expect(200);
    await sec.get(`/exams/${examId}/results`).expect(200);

    await sec.post(`/exam-attempts/${attempt.body.id}/submit`).expect(200);
    for (const path of revealing) await sec.get(path).expect(200);
  });
});
