/**
 * bench/web-results: the exam results page with 10,000 candidates (web issue, part 2).
 *
 * Seeds an official exam of bureau A whose audience is 10,000 staff (direct SQL inserts), 8,000
 * of them with a finished attempt (random scores, some focus losses), then in Chromium at
 * 1280×800 measures, as the secretary:
 *   - the API: GET /exams/:id/results, request start → response end (resource timing);
 *   - render: the response's end → the first table row in the DOM (MutationObserver);
 *   - page: 下一页 clicked → the next frame after Vue's update (median of the runs);
 *   - sort: 按得分率 chosen → the next frame (median of the runs).
 *
 *   npm run bench:web-results     (BENCH_RUNS to change the number of page/sort runs, default 7)
 */
import type { Page } from 'playwright-core';
import { login, signedIn } from '../test/utils/auth';
import { publishWorldExam, seedExamWorld } from '../test/browser/exam-setup';
import { signIn, startBrowserApp } from '../test/browser/harness';
import globalSetup from '../test/utils/global-setup';

const PEOPLE = 10_000;
const SAT = 8_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Runs `act` in the page and returns ms until the frame after the resulting DOM update. */
function timedInPage(page: Page, act: 'next' | 'sort-score' | 'sort-order'): Promise<number> {
  return page.evaluate((what) => {
    const g = globalThis as unknown as {
      document: {
        querySelector(s: string): {
          click(): void;
          value: string;
          dispatchEvent(e: unknown): void;
        } | null;
      };
      performance: { now(): number };
      requestAnimationFrame(cb: () => void): void;
      Event: new (type: string) => unknown;
      setTimeout(cb: () => void, ms: number): void;
    };
    const t0 = g.performance.now();
    if (what === 'next') {
      const buttons = [
        ...(
          g.document as unknown as {
            querySelectorAll(s: string): { textContent: string; click(): void }[];
          }
        ).querySelectorAll('nav.pager button'),
      ];
      buttons.find((b) => b.textContent.includes('下一页'))?.click();
    } else {
      const select = g.document.querySelector('[data-testid=results-sort]');
      if (select) {
        select.value = what === 'sort-score' ? 'score' : 'order';
        select.dispatchEvent(new g.Event('change'));
      }
    }
    return new Promise<number>((resolve) =>
      g.requestAnimationFrame(() => g.setTimeout(() => resolve(g.performance.now() - t0), 0)),
    );
  }, act);
}

async function main(): Promise<void> {
  await globalSetup();
  const app = await startBrowserApp();
  try {
    const world = await seedExamWorld(app, 0);
    const { org } = world;
    const ds = app.t.dataSource;
    await ds.query(
      `INSERT INTO staff (staff_no, name, unit_id, position, party_member, employment_start, active)
       SELECT 'R' || lpad(i::text, 6, '0'), '考生' || i,
              CASE WHEN i % 3 = 0 THEN $2::uuid ELSE $1::uuid END, '科员', true, '2020-01-01', true
         FROM generate_series(1, $3::int) i`,
      [org.units.deptA1.id, org.units.deptA2.id, PEOPLE],
    );
    const examId = await publishWorldExam(app, world, {
      title: '万人成绩页测试',
      codes: ['EX-SI01'],
    });
    // publishWorldExam's audience is department A1: widen it to bureau A's two departments
    await ds.query(
      `INSERT INTO exam_candidate (exam_id, staff_id, extra_seconds)
       SELECT $1, s.id, 0 FROM staff s
        WHERE s.unit_id = $2 AND NOT EXISTS (SELECT 1 FROM exam_candidate c WHERE c.exam_id = $1 AND c.staff_id = s.id)`,
      [examId, org.units.deptA2.id],
    );
    await ds.query(
      `INSERT INTO exam_attempt (exam_id, staff_id, attempt_no, status, started_at, deadline_at,
                                 finished_at, finalised_by, score, max_score, passed, grading_pending,
                                 focus_loss_count)
       SELECT $1, c.staff_id, 1, 'finished', now() - interval '20 minutes', now() + interval '10 minutes',
              now() - interval '5 minutes', 'examinee', sc, 100, sc >= 60, false, (random() * 3)::int
         FROM (SELECT staff_id, round((random() * 100)::numeric, 0) AS sc
                 FROM exam_candidate WHERE exam_id = $1 ORDER BY staff_id LIMIT $2) c`,
      [examId, SAT],
    );
    const [{ n }] = await ds.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM exam_candidate WHERE exam_id = $1',
      [examId],
    );
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const apiStart = Date.now();
    await sec.get(`/exams/${examId}/results`).expect(200);
    const apiWarm = Date.now() - apiStart;

    const page = await app.newPage('desktop');
    await page.addInitScript(() => {
      // every frame until the first row is in the DOM (a frame's resolution, ~16 ms)
      const g = globalThis as unknown as {
        document: { querySelector(s: string): unknown };
        performance: { now(): number };
        requestAnimationFrame(cb: () => void): void;
        firstRowAt?: number;
      };
      const look = () => {
        if (g.document.querySelector('[data-testid=result-row]'))
          g.firstRowAt = g.performance.now();
        else g.requestAnimationFrame(look);
      };
      g.requestAnimationFrame(look);
    });
    page.setDefaultTimeout(60_000);
    await signIn(page, app, org.people.secA, `/manage/exams/${examId}/results`);
    await page.getByTestId('result-row').first().waitFor();
    const timing = await page.evaluate(() => {
      const g = globalThis as unknown as {
        performance: {
          getEntriesByType(
            t: string,
          ): { name: string; requestStart: number; responseEnd: number }[];
        };
        firstRowAt?: number;
      };
      const res = g.performance
        .getEntriesByType('resource')
        .find((e) => /\/exams\/[^/]+\/results(\?|$)/.test(new URL(e.name).pathname + '?'));
      return {
        api: res ? res.responseEnd - res.requestStart : NaN,
        render: res && g.firstRowAt !== undefined ? g.firstRowAt - res.responseEnd : NaN,
      };
    });
    const pages: number[] = [];
    const sorts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      pages.push(await timedInPage(page, 'next'));
      sorts.push(await timedInPage(page, 'sort-score'));
      await timedInPage(page, 'sort-order');
    }
    const rows = await page.getByTestId('result-row').count();
    console.log(
      `\nexam results page, ${n} candidates (${SAT} with a finished attempt), ${rows} rows a page`,
    );
    console.log('figure                                   ms');
    console.log(`${'API GET /exams/:id/results (warm, test)'.padEnd(41)}${apiWarm}`);
    console.log(`${'API in the page (request → response end)'.padEnd(41)}${timing.api.toFixed(0)}`);
    console.log(`${'render: response end → first row'.padEnd(41)}${timing.render.toFixed(0)}`);
    console.log(`${`next page, median of ${RUNS}`.padEnd(41)}${median(pages).toFixed(0)}`);
    console.log(`${`sort by score, median of ${RUNS}`.padEnd(41)}${median(sorts).toFixed(0)}`);
    console.log(
      `\nruns (ms): page ${pages.map((x) => x.toFixed(0)).join(', ')}; sort ${sorts.map((x) => x.toFixed(0)).join(', ')}`,
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
