/**
 * bench/web: the browser app's weight and the exam page's time to first question (web issue).
 *
 * Targets: JavaScript of the sign-in page and 工作台 (everything loaded by the load event, i.e.
 * before first paint: entry + modulepreloads + the route chunk) ≤ 200 KB gzip in total; the exam
 * page chunk (AttemptPage) ≤ 80 KB gzip and fetched on 考前须知 before an attempt starts; no
 * chunk containing ECharts on staff pages; navigation → first question's stem visible on
 * /app/attempts/:id, Chromium at 375×667, 4× CPU slowdown, 1.6 Mbit/s down / 750 kbit/s up,
 * 150 ms RTT, cache disabled, a fresh context per run: median of 5 ≤ 2.0 s.
 *
 * Sizes are the gzip of each JS body served under /app/assets (zlib level 9, as a reverse proxy
 * would send it). The app is the real one (createTestApp with workers, own test database) on
 * 127.0.0.1; Chromium is /usr/bin/chromium through playwright-core.
 *
 * Also printed: all JS the exam page loads when opened directly (a reload), which is the entry,
 * the shared Vue and Element Plus chunks and the page's own.
 *
 *   npm run bench:web        (BENCH_RUNS to change the number of timed runs, default 5;
 *                             BENCH_TRACE=1 prints each timed run's requests, start → end)
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { TestStaff } from '../test/factories/org.factory';
import type { BrowserApp, InPage } from '../test/browser/harness';
import { startBrowserApp } from '../test/browser/harness';
import type { World } from '../test/browser/exam-setup';
import {
  examinee,
  publishWorldExam,
  seedExamWorld,
  startAttempt,
} from '../test/browser/exam-setup';
import globalSetup from '../test/utils/global-setup';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KB = 1024;

interface Script {
  path: string;
  gzip: number;
  echarts: boolean;
  /** Content-Encoding as served (none: the app sends the files uncompressed). */
  encoding: string;
}

/** Every JS file under /app/assets the page receives, with its gzip size. */
function recordScripts(page: Page): Map<string, Script> {
  const seen = new Map<string, Script>();
  page.on('response', (r: Response) => {
    const path = new URL(r.url()).pathname;
    if (!/^\/app\/assets\/.*\.js$/.test(path) || seen.has(path)) return;
    const entry: Script = {
      path,
      gzip: 0,
      echarts: false,
      encoding: r.headers()['content-encoding'] ?? 'none',
    };
    seen.set(path, entry);
    void r
      .body()
      .then((body) => {
        entry.gzip = gzipSync(body, { level: 9 }).length;
        entry.echarts = /echarts/i.test(body.toString('utf8'));
      })
      .catch(() => undefined);
  });
  return seen;
}

const sum = (scripts: Iterable<Script>) => [...scripts].reduce((s, x) => s + x.gzip, 0);
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

async function settle(): Promise<void> {
  // the response bodies are read asynchronously
  await new Promise((r) => setTimeout(r, 300));
}

/** Stores a fresh token pair where the SPA keeps it (the harness's signIn without its goto). */
async function storeSession(page: Page, app: BrowserApp, who: TestStaff): Promise<void> {
  const res = await fetch(`${app.baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ staffNo: who.staffNo, password: who.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${who.staffNo} failed: ${res.status}`);
  const pair = JSON.stringify(await res.json());
  await page.goto('/app/login');
  await page.evaluate(
    (value) => (globalThis as unknown as InPage).localStorage.setItem('xuefa.session', value),
    pair,
  );
}

async function sizes(app: BrowserApp, world: World, examId: string) {
  // sign-in page, cold
  const loginCtx = await app.newContext('phone');
  const loginPage = await loginCtx.newPage();
  const login = recordScripts(loginPage);
  await loginPage.goto('/app/login', { waitUntil: 'load' });
  await settle();
  await loginCtx.close();

  // 工作台 after signing in through the form (the sign-in page's files already cached)
  const homeCtx = await app.newContext('phone');
  const homePage = await homeCtx.newPage();
  const home = recordScripts(homePage);
  const who = examinee(world);
  await homePage.goto('/app/login', { waitUntil: 'load' });
  await homePage.getByLabel('工号').fill(who.staffNo);
  await homePage.getByLabel('密码', { exact: true }).fill(who.password);
  await homePage.getByRole('button', { name: '登录' }).click();
  await homePage.waitForURL((u) => u.pathname === '/app/' || u.pathname === '/app');
  await homePage.waitForLoadState('networkidle');
  await settle();
  const homeScripts = [...home.values()];

  // the other staff pages and the way into an exam (ECharts must stay out of all of them)
  const staff = recordScripts(homePage);
  for (const path of ['/study', '/exams', '/sessions', '/profile', '/notifications']) {
    await homePage.goto(`/app${path}`, { waitUntil: 'networkidle' });
  }
  await homePage.goto(`/app/exams/${examId}`, { waitUntil: 'networkidle' });
  await homePage.getByTestId('begin-exam').waitFor();
  await settle();
  const attemptChunk = [...staff.values()].find((s) => /\/AttemptPage-[^/]*\.js$/.test(s.path));
  await homePage.getByTestId('begin-exam').click();
  await homePage.waitForURL(/\/app\/attempts\/[0-9a-f-]+$/);
  await homePage.locator('#question-stem').waitFor();
  await settle();
  await homeCtx.close();

  const union = new Map([...login, ...homeScripts.map((x) => [x.path, x] as const)]);
  return {
    login: sum(login.values()),
    home: sum(homeScripts),
    total: sum(union.values()),
    files: [...union.values()].sort((a, b) => b.gzip - a.gzip),
    attemptChunk,
    echarts: [...union.values(), ...staff.values()].filter((s) => s.echarts).map((s) => s.path),
  };
}

/** One timed run: a fresh context, cache off, throttled; goto → first question's stem visible. */
async function timedRun(app: BrowserApp, who: TestStaff, attemptId: string): Promise<number> {
  const ctx: BrowserContext = await app.newContext('phone');
  try {
    ctx.setDefaultTimeout(60_000);
    const page = await ctx.newPage();
    await storeSession(page, app, who);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 1.6e6 / 8,
      uploadThroughput: 0.75e6 / 8,
    });
    const timeline: string[] = [];
    const begun = new Map<object, number>();
    let start = Date.now();
    page.on('request', (r) => begun.set(r, Date.now() - start));
    page.on('requestfinished', (r) => {
      const path = new URL(r.url()).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
      timeline.push(
        `${String(begun.get(r)).padStart(6)} → ${String(Date.now() - start).padStart(6)} ms  ${r.method()} ${path}`,
      );
    });
    start = Date.now();
    await page.goto(`/app/attempts/${attemptId}`, { waitUntil: 'commit' });
    await page.locator('#question-stem').waitFor({ state: 'visible' });
    const ms = Date.now() - start;
    if (process.env.BENCH_TRACE) console.log(`\nrun: ${ms} ms\n${timeline.join('\n')}`);
    return ms;
  } finally {
    await ctx.close();
  }
}

async function main(): Promise<void> {
  await globalSetup();
  const app = await startBrowserApp();
  try {
    const world = await seedExamWorld(app, RUNS + 4);
    const examId = await publishWorldExam(app, world);
    const s = await sizes(app, world, examId);

    // everything the exam page loads when opened directly (a reload), untimed
    const reader = examinee(world);
    const setup0 = await app.newPage('phone');
    const attempt0 = await startAttempt(setup0, app, reader, examId);
    await setup0.context().close();
    const examCtx = await app.newContext('phone');
    const examPage = await examCtx.newPage();
    await storeSession(examPage, app, reader);
    const examScripts = recordScripts(examPage);
    await examPage.goto(`/app/attempts/${attempt0}`);
    await examPage.locator('#question-stem').waitFor();
    await settle();
    await examCtx.close();

    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const who = examinee(world);
      const setup = await app.newPage('phone');
      const attemptId = await startAttempt(setup, app, who, examId);
      await setup.context().close();
      times.push(await timedRun(app, who, attemptId));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];

    console.log('\nJS files of the sign-in page and 工作台 (gzip):');
    for (const f of s.files) {
      console.log(`  ${kb(f.gzip).padStart(9)}  ${f.path}  (served with encoding: ${f.encoding})`);
    }
    const rows: [string, string, string, boolean][] = [
      ['JS before first paint: sign-in page', kb(s.login), '', true],
      ['JS sign-in via form → 工作台', kb(s.home), '', true],
      ['JS sign-in page + 工作台, total', kb(s.total), '≤ 200 KB', s.total <= 200 * KB],
      [
        'exam page chunk (AttemptPage)',
        s.attemptChunk ? kb(s.attemptChunk.gzip) : 'not fetched',
        '≤ 80 KB',
        !!s.attemptChunk && s.attemptChunk.gzip <= 80 * KB,
      ],
      ['exam chunk fetched on 考前须知', s.attemptChunk ? 'yes' : 'no', 'yes', !!s.attemptChunk],
      ['JS of the exam page opened directly', kb(sum(examScripts.values())), '', true],
      [
        'ECharts on staff pages',
        s.echarts.length ? s.echarts.join(', ') : 'none',
        'none',
        s.echarts.length === 0,
      ],
      [
        `first question, median of ${RUNS}`,
        `${(median / 1000).toFixed(2)} s`,
        '≤ 2.0 s',
        median <= 2000,
      ],
    ];
    console.log('\nfigure                                  measured        target     met');
    for (const [name, value, target, met] of rows) {
      console.log(
        `${name.padEnd(40)}${value.padEnd(16)}${target.padEnd(11)}${target ? (met ? 'yes' : 'NO') : ''}`,
      );
    }
    console.log(
      `\nruns (ms): ${times.join(', ')}  — 375×667, CPU 4×, 1.6 Mbit/s down, 0.75 Mbit/s up, 150 ms RTT, cache off`,
    );
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
