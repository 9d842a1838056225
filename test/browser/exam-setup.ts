import type { Page, Request } from 'playwright-core';
import type { Size } from './harness';
import { publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { BrowserApp } from './harness';
import { signIn } from './harness';

export type Org = Awaited<ReturnType<typeof buildOrg>>;
export type Bank = Awaited<ReturnType<typeof seedBank>>;

/** One question of each type, in this order: 1 单选, 2 多选, 3 判断, 4 填空, 5 简答. */
export const ALL_TYPES = ['EX-SI01', 'EX-MU01', 'EX-TR01', 'EX-FI01', 'EX-SH01'];

export interface World {
  org: Org;
  bank: Bank;
  /** Examinees created before any exam is published (the audience is fixed at publication). */
  pool: TestStaff[];
}

export async function seedExamWorld(app: BrowserApp, people = 16): Promise<World> {
  const org = await buildOrg(app.t);
  const pool: TestStaff[] = [];
  for (let i = 0; i < people; i++) {
    pool.push(await org.f.staff({ unit: org.units.deptA1, name: `考生${i + 1}` }));
  }
  const bank = await seedBank(app.t, {
    single_choice: 3,
    multiple_choice: 1,
    true_false: 1,
    fill_blank: 1,
    short_answer: 1,
  });
  return { org, bank, pool };
}

/** The secretary of bureau A publishes an exam for department A1 (defaults: all five types). */
export async function publishWorldExam(
  app: BrowserApp,
  world: World,
  o: {
    codes?: string[];
    durationMinutes?: number;
    reviewContent?: 'score_only' | 'with_answers';
    reviewTiming?: 'after_submit' | 'after_close';
    title?: string;
  } = {},
): Promise<string> {
  const now = app.t.clock.now().getTime();
  const codes = o.codes ?? ALL_TYPES;
  return publishExam(signedIn(app.t, await login(app.t, world.org.people.secA)), {
    unitId: world.org.units.bureauA.id,
    title: o.title ?? '2026年度学法考试',
    kind: 'official',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 3 * 3_600_000).toISOString(),
    durationMinutes: o.durationMinutes ?? 30,
    passMark: 60,
    attemptsAllowed: 3,
    reviewContent: o.reviewContent ?? 'with_answers',
    reviewTiming: o.reviewTiming ?? 'after_submit',
    audienceUnitIds: [world.org.units.deptA1.id],
    paperMode: 'fixed',
    shuffleQuestions: false,
    shuffleOptions: false,
    questions: codes.map((c) => ({
      questionId: world.bank.codes[c],
      points: 100 / codes.length,
    })),
  });
}

/** The next unused examinee of department A1 (each test sits with its own person). */
export function examinee(world: World): TestStaff {
  const who = world.pool.shift();
  if (!who) throw new Error('the examinee pool is used up: raise seedExamWorld(app, people)');
  return who;
}

/** Signs in, opens 考前须知 and starts; returns the attempt id from the URL. */
export async function startAttempt(
  page: Page,
  app: BrowserApp,
  who: TestStaff,
  examId: string,
): Promise<string> {
  await signIn(page, app, who, `/exams/${examId}`);
  await page.getByTestId('begin-exam').click();
  await page.waitForURL(/\/app\/attempts\/[0-9a-f-]+$/);
  await page.getByTestId('timer').waitFor();
  await page.locator('#question-stem').waitFor();
  return new URL(page.url()).pathname.split('/').pop() as string;
}

export interface SentSave {
  position: number;
  seq: number;
  response: string[];
}

/** Every answer save the page sends, in order (with its body). */
export function recordSaves(page: Page): SentSave[] {
  const saves: SentSave[] = [];
  page.on('request', (r: Request) => {
    const m = /\/exam-attempts\/[^/]+\/answers\/(\d+)$/.exec(new URL(r.url()).pathname);
    if (!m || r.method() !== 'PUT') return;
    const body = r.postDataJSON() as { seq: number; response: string[] } | null;
    if (!body) return;
    saves.push({ position: Number(m[1]), seq: body.seq, response: body.response });
  });
  return saves;
}

/** The attempt as the server has it (the examinee's own view). */
export async function serverView(app: BrowserApp, who: TestStaff, attemptId: string) {
  const res = await signedIn(app.t, await login(app.t, who))
    .get(`/exam-attempts/${attemptId}`)
    .expect(200);
  return res.body as {
    status: string;
    questions: { position: number; response: string[] | null; seq: number | null }[];
  };
}

/** Polls until `fn` is true (no timed assertions: fails with `what` after 15 s). */
export async function until(
  fn: () => boolean | Promise<boolean>,
  what: string | (() => string),
): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await fn())) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Shows question n through the 答题卡 (the side panel on desktop, the bottom drawer on phones). */
export async function openQuestion(page: Page, size: Size, n: number): Promise<void> {
  if (size === 'phone') {
    await page.getByTestId('open-card').click();
    await page.getByRole('dialog', { name: '答题卡' }).waitFor();
  }
  await page.getByRole('button', { name: new RegExp(`^第${n}题，`) }).click();
  await until(
    async () => ((await page.locator('#question-stem').textContent()) ?? '').includes(`第 ${n} 题`),
    `question ${n} on screen`,
  );
}
