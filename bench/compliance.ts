/**
 * bench/compliance: the compliance dashboard of one plan over a province, and the unit workbook
 * (issue 6 §4). Targets: GET /plans/:id/compliance p95 ≤ 300 ms; the workbook of a 10,000-staff
 * unit streamed with the worker's resident memory growing ≤ 150 MB.
 *
 * Data (bulk SQL, INSERT … SELECT over generate_series, after the API has migrated the database,
 * imported the law texts and loaded the bundled bank; what the application would have written):
 *  - a province → 9 cities → 45 bureaus → 145 departments (200 units) with BENCH_STAFF (100,000)
 *    staff: 400 in the provincial office, exactly 10,000 in the first city's subtree, the rest
 *    spread over the other cities; ~2 % joined and ~2 % left during the year, some left last
 *    year or join next year (not on the roster; leavers' accounts disabled); ~1 % of the roster
 *    exempted from the plan (a tenth of those exemptions revoked again);
 *  - one active plan on the province (over HTTP: required hours 6, pass target 95 %), required
 *    laws 信访工作条例 and 公务员法 (imported at start from ../shared/laws, or two fixture laws
 *    when those texts are absent), a third law studied but not required;
 *  - an official exam (over HTTP: fixed 17-question paper of the bundled bank, 100 points, 3
 *    attempts, highest counts) held at 45 % of the year so far, its candidates those employed
 *    then, 93 % of whom sit once to three times; its make-up as the make-up call makes it (for
 *    every candidate who has not passed; then set to 2 attempts, latest counts), open now, with
 *    ~3 % of its takers answering right now and ~3 % waiting for a short answer's grade; a mock
 *    exam of the plan (must not count) takes the rest of BENCH_ATTEMPTS (300,000), with as many
 *    objective questions as make the answers come to ~BENCH_ANSWERS (5,000,000). Every attempt
 *    has its paper (attempt_question) and the answers finishing leaves (a row per question,
 *    '[]' for blanks; only those saved so far while answering), right with a chance that grows
 *    with the person's ability; scores, pass and pending flags summed from the answers;
 *  - sessions held this year: per bureau 2 theory-group sessions for its leaders and 2 law-study
 *    sessions for its subtree, per department 2 party sessions for its party members; invitees
 *    fixed, attendance marked (80 % present, 5 % late, 8 % excused, 7 % absent);
 *  - BENCH_RECORDS (1,000,000) study records as the ledger writes them: one per attended session
 *    (a few revoked: attendance corrected to absent), make-up study for half the absences, then
 *    reading (one record per day), practice, court hearings and training (claims: some pending
 *    or rejected) inside each person's employment, from 60 days before the period, more for the
 *    diligent; sessions cover their topic's law, reading and practice an article of one.
 * Then VACUUM ANALYZE on the tables written (what autovacuum would have done by then).
 *
 * Load model: closed loop, for each endpoint and level, C concurrent clients (BENCH_LEVELS,
 * default 1,4) on keep-alive connections, each sending the next request as soon as the last one
 * returned: BENCH_WARMUP_SECONDS (2) warm-up, then BENCH_SECONDS (10) measured. Endpoints:
 * GET /plans/:id/compliance at the province, a city (?unitId=, 10,000 staff) and a department
 * (~475 staff), and GET /plans/:id/compliance/missing?rate=participation|exam|pass (and the
 * first page of 50 of rate=pass) at the same three levels. A request counts as good on 200. The API is its own process (APP_ROLE=api,
 * default pool); the load generator runs in this process and signs in as the province's HR.
 * "first request" is the cold one: big subtrees' results are then shared for 30 s and served
 * stale while one refresh runs (ComplianceCache), so run BENCH_SECONDS ≥ 30 to measure through
 * a refresh.
 *
 * Workbook: a worker process (APP_ROLE worker entry) of its own; POST /exports for the first
 * city, polled until done, its VmRSS sampled every 100 ms from before the request; the file
 * downloaded. Skipped when the export API is absent (or BENCH_WORKBOOK=0).
 *
 *   npm run bench:compliance   (BENCH_STAFF, BENCH_ATTEMPTS, BENCH_ANSWERS, BENCH_RECORDS,
 *                               BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_LEVELS, BENCH_FROM,
 *                               BENCH_DB (xuefa_bench_compliance), BENCH_KEEP_DB=1 keeps the
 *                               database, BENCH_REUSE_DB=1 measures a kept one without seeding
 *                               again, BENCH_SNAPSHOT_DIR=dir writes one response per endpoint
 *                               and level and the report there, to compare two versions)
 * The API runs the sources through SWC by default (same code at run time as the build).
 */
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import type { Client } from 'pg';
import { dateInZone } from '../src/common/clock/clock';
import { fixtureLaw } from '../test/factories/law-fixtures';
import type { BenchProcess } from './lib';
import {
  admin,
  closedLoop,
  dbUrl,
  deleteRedisPrefix,
  httpJson,
  percentile,
  pickQuestions,
  recreateDatabase,
  report,
  ROOT,
  startApp,
  startWorker,
  stopProcess,
} from './lib';

const DB = process.env.BENCH_DB ?? 'xuefa_bench_compliance';
const PORT = Number(process.env.BENCH_PORT ?? 3314);
const STAFF = Number(process.env.BENCH_STAFF ?? 100_000);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 300_000);
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 5_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2) * 1000;
const LEVELS = (process.env.BENCH_LEVELS ?? '1,4').split(',').map(Number);
const FROM = (process.env.BENCH_FROM ?? 'src') as 'dist' | 'src';
const REUSE = !!process.env.BENCH_REUSE_DB;
const KEEP = !!process.env.BENCH_KEEP_DB || REUSE;
const SNAPSHOT_DIR = process.env.BENCH_SNAPSHOT_DIR;
const TARGET_P95_MS = 300;
const TARGET_RSS_GROWTH_MB = 150;
export const PASSWORD = 'Bench-Passw0rd';
const TZ = 'Asia/Shanghai';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `xuefa-bench-${randomUUID().slice(0, 8)}`;
const SHARED_LAWS = join(ROOT, '..', 'shared', 'laws');
/** Required laws first, then one that is studied but not required. */
const LAW_FILES = ['信访工作条例.md', '公务员法.md', '宪法.md'];
const FIXTURE_TITLES = ['示范省信访工作办法', '示范省公务员管理办法', '示范省法治宣传条例'];
const PLAN_TITLE = '压测：全省学法考法年度计划';

interface Unit {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  kind: 'province' | 'city' | 'bureau' | 'department';
  path: string;
  depth: number;
  /** Staff placed directly in this unit. */
  staff: number;
}

const CITIES = ['江城', '山海', '云州', '青石', '临川', '白沙', '南溪', '北岭', '东湖'];
const BUREAUS = ['信访局', '司法局', '人社局', '公安局', '财政局'];
const DEPARTMENTS = ['办公室', '来访接待科', '办信科', '督查科'];

/** 1 province, 9 cities, 5 bureaus per city, 3 or 4 departments per bureau: 200 units. */
function orgTree(staff: number): Unit[] {
  const units: Unit[] = [];
  const add = (parent: Unit | null, kind: Unit['kind'], name: string, code: string) => {
    const id = randomUUID();
    const u: Unit = {
      id,
      parentId: parent?.id ?? null,
      code,
      name,
      kind,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      staff: 0,
    };
    units.push(u);
    return u;
  };
  const province = add(null, 'province', '示范省', 'P');
  province.staff = Math.min(400, Math.floor(staff * 0.004));
  const firstCity = Math.min(10_000, Math.floor((staff - province.staff) / CITIES.length));
  const otherCities = staff - province.staff - firstCity;
  let bureauNo = 0;
  CITIES.forEach((cityName, c) => {
    const city = add(province, 'city', `${cityName}市`, `P-${c + 1}`);
    let total =
      c === 0
        ? firstCity
        : Math.floor(otherCities / (CITIES.length - 1)) +
          (c === 1 ? otherCities % (CITIES.length - 1) : 0);
    city.staff = Math.min(200, Math.floor(total * 0.02));
    total -= city.staff;
    const departments: Unit[] = [];
    BUREAUS.forEach((bureauName, b) => {
      bureauNo += 1;
      const bureau = add(city, 'bureau', `${cityName}市${bureauName}`, `P-${c + 1}-${b + 1}`);
      bureau.staff = Math.min(60, Math.floor(total * 0.006));
      total -= bureau.staff;
      const n = bureauNo <= 10 ? 4 : 3;
      for (let d = 0; d < n; d++) {
        departments.push(add(bureau, 'department', DEPARTMENTS[d], `P-${c + 1}-${b + 1}-${d + 1}`));
      }
    });
    departments.forEach((d, i) => {
      d.staff = Math.floor(total / departments.length) + (i < total % departments.length ? 1 : 0);
    });
  });
  return units;
}

/** Days from a to b (YYYY-MM-DD). */
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
/** Local midnight of a calendar day in Shanghai (UTC+8, no DST), plus hours. */
const at = (day: string, hours: number) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + hours * 3600_000);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const out = await fn();
  console.log(`  seed: ${label.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  return out;
}

interface Seeded {
  planId: string;
  year: number;
  provinceId: string;
  cityId: string;
  departmentId: string;
  cityStaff: number;
  departmentStaff: number;
}

interface Api {
  base: string;
  login: (staffNo: string) => Promise<string>;
  call: (method: string, path: string, auth: string, body?: unknown) => Promise<unknown>;
}

function api(base: string): Api {
  const call = async (method: string, path: string, auth: string, body?: unknown) => {
    const res = await httpJson(method, `${base}${path}`, body, { authorization: auth });
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const login = async (staffNo: string) => {
    const res = await httpJson('POST', `${base}/auth/login`, { staffNo, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${staffNo}: ${res.status}`);
    return `Bearer ${(res.body as { accessToken: string }).accessToken}`;
  };
  return { base, login, call };
}

/** Law texts for LAW_TEXTS_DIR: three of ../shared/laws, or three fixture laws. */
function lawTexts(dir: string): string[] {
  if (LAW_FILES.every((f) => existsSync(join(SHARED_LAWS, f)))) {
    for (const f of LAW_FILES) copyFileSync(join(SHARED_LAWS, f), join(dir, f));
    return LAW_FILES.map((f) => f.replace(/\.md$/, ''));
  }
  FIXTURE_TITLES.forEach((title, i) =>
    writeFileSync(join(dir, `${i + 1}-${title}.md`), fixtureLaw({ title })),
  );
  return FIXTURE_TITLES;
}

async function seed(a: Api, lawNames: string[]): Promise<Seeded> {
  const today = dateInZone(new Date(), TZ);
  // the plan's year: this one, or last year in its first two months (so there is data)
  const year =
    Number(today.slice(0, 4)) - (daysBetween(`${today.slice(0, 4)}-01-01`, today) < 60 ? 1 : 0);
  const periodStart = `${year}-01-01`;
  const periodEnd = `${year}-12-31`;
  const lastDay = addDays(today, -1) < periodEnd ? addDays(today, -1) : periodEnd;
  const elapsed = daysBetween(periodStart, lastDay) + 1;
  const officialDay = addDays(periodStart, Math.floor(elapsed * 0.45));
  const makeupDay = addDays(periodStart, Math.floor(elapsed * 0.75));
  const mockDay = addDays(periodStart, Math.floor(elapsed * 0.3));
  const units = orgTree(STAFF);
  const province = units[0];
  const city = units.find((u) => u.kind === 'city')!;
  const department = units.find((u) => u.kind === 'department' && u.path.startsWith(city.path))!;
  const hash = await argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  const url = dbUrl(DB);
  const bulk = async (c: Client, seed: number) => {
    await c.query('SET synchronous_commit = off');
    await c.query("SET work_mem = '256MB'");
    await c.query("SET maintenance_work_mem = '1GB'");
    await c.query('SELECT setseed($1)', [seed]);
  };

  const laws = await admin(async (c) => {
    await bulk(c, 0.2026);
    await c.query('CREATE SCHEMA bench');
    await timed(`${units.length} org units, ${STAFF} staff`, async () => {
      await c.query(
        `INSERT INTO org_unit (id, parent_id, code, name, kind, path, depth, sort_order)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])`,
        [
          units.map((u) => u.id),
          units.map((u) => u.parentId),
          units.map((u) => u.code),
          units.map((u) => u.name),
          units.map((u) => u.kind),
          units.map((u) => u.path),
          units.map((u) => u.depth),
          units.map((_, i) => i),
        ],
      );
      let lo = 1;
      const slots = units.map((u) => {
        const s = { unit: u.id, lo, hi: lo + u.staff - 1 };
        lo += u.staff;
        return s;
      });
      await c.query('CREATE TABLE bench.slot (unit_id uuid, lo int, hi int)');
      await c.query(
        'INSERT INTO bench.slot SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])',
        [slots.map((s) => s.unit), slots.map((s) => s.lo), slots.map((s) => s.hi)],
      );
      // employment: ~2 % joined in the period, ~2 % left in it, 0.5 % left last year, 0.3 %
      // join next year (already on the roster); whoever has left has their account disabled
      await c.query(
        `INSERT INTO staff (staff_no, name, unit_id, position, party_member, employment_start,
                            employment_end, active)
         SELECT g.no, g.name, g.unit_id, g.position, g.party, g.start_on, g.end_on,
                g.end_on IS NULL OR g.end_on >= $5::date
           FROM (SELECT 'S' || lpad(n::text, 6, '0') AS no,
                        (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','林','高','罗'])[1 + n % 20]
                          || (ARRAY['建','志','晓','海','丽','国','文','明','红','军','华','平','玉','春','德','伟','芳','静','强','敏'])[1 + (n / 20) % 20]
                          || (ARRAY['国','华','燕','涛','峰','英','杰','娟','勇','霞','斌','琳','刚','艳','波','梅','鹏','婷','辉','洁'])[1 + (n / 400) % 20] AS name,
                        sl.unit_id,
                        (ARRAY['科员','副科长','科长','副主任科员','主任科员','四级调研员'])[1 + n % 6] AS position,
                        x.p < 0.6 AS party,
                        CASE WHEN x.r < 0.02 THEN $2::date + floor(x.r2 * $3)::int
                             WHEN x.r < 0.045 THEN date '1990-01-01' + floor(x.r2 * 7000)::int
                             WHEN x.r < 0.048 THEN $4::date + 1 + floor(x.r2 * 30)::int
                             ELSE date '1990-01-01' + floor(x.r2 * ($2::date - date '1990-01-01'))::int END AS start_on,
                        CASE WHEN x.r >= 0.02 AND x.r < 0.04 THEN $2::date + floor(x.r3 * $3)::int
                             WHEN x.r >= 0.04 AND x.r < 0.045 THEN $2::date - 1 - floor(x.r3 * 300)::int END AS end_on
                   FROM (SELECT n, random() AS r, random() AS r2, random() AS r3, random() AS p
                           FROM generate_series(1, $1) n) x
                   JOIN bench.slot sl ON x.n BETWEEN sl.lo AND sl.hi) g`,
        [STAFF, periodStart, elapsed, periodEnd, today],
      );
      // ability drives scores; diligence how much a person studies beyond sessions
      await c.query(
        `CREATE TABLE bench.person AS
         SELECT row_number() OVER (ORDER BY s.staff_no)::int AS n, s.id, s.unit_id, s.party_member,
                s.employment_start, s.employment_end, 35 + random() * 65 AS ability,
                CASE WHEN random() < 0.1 THEN 0.05 + random() * 0.2 ELSE 0.4 + random() * 0.6 END AS diligence,
                greatest(s.employment_start, $1::date - 60) AS study_from,
                least(coalesce(s.employment_end, $2::date), $2::date) AS study_to
           FROM staff s WHERE s.staff_no LIKE 'S%'`,
        [periodStart, lastDay],
      );
      await c.query('CREATE UNIQUE INDEX ON bench.person (n)');
      await c.query('CREATE UNIQUE INDEX ON bench.person (id)');
      await c.query(
        `INSERT INTO staff (staff_no, name, unit_id, employment_start)
         VALUES ('ADMIN01', '省厅管理员', $1, '2010-01-01'), ('HR01', '省厅人事处', $1, '2010-01-01')`,
        [province.id],
      );
      await c.query(
        `INSERT INTO staff_credential (staff_id, password_hash, must_change_password)
         SELECT id, $1, false FROM staff WHERE staff_no IN ('ADMIN01', 'HR01')`,
        [hash],
      );
      await c.query(
        `INSERT INTO role_assignment (staff_id, role, unit_id)
         SELECT s.id, r.role, $1 FROM staff s
           JOIN (VALUES ('ADMIN01', 'admin'), ('ADMIN01', 'secretary'), ('HR01', 'hr')) r(no, role)
             ON r.no = s.staff_no`,
        [province.id],
      );
    });
    const out: { id: string; title: string; articles: number }[] = [];
    for (const n of lawNames) {
      const { rows } = await c.query<{ id: string; title: string; articles: number }>(
        `SELECT l.id, l.title, v.article_count AS articles FROM law l
           JOIN law_version v ON v.id = l.current_version_id
          WHERE l.title = $1 OR l.title = '中华人民共和国' || $1`,
        [n],
      );
      if (!rows[0]) throw new Error(`law ${n} was not imported`);
      out.push(rows[0]);
    }
    return out;
  }, url);

  // ---- over HTTP: the plan and its required laws ----
  const adminAuth = await a.login('ADMIN01');
  const planId = await timed('plan over HTTP', async () => {
    const plan = (await a.call('POST', '/plans', adminAuth, {
      unitId: province.id,
      year,
      title: PLAN_TITLE,
      requiredHours: 6,
      passTarget: 95,
    })) as { id: string };
    await a.call('PUT', `/plans/${plan.id}/required-laws`, adminAuth, {
      laws: [{ lawId: laws[0].id }, { lawId: laws[1].id }],
    });
    await a.call('PATCH', `/plans/${plan.id}`, adminAuth, { status: 'active' });
    return plan.id;
  });
  /**
   * An exam over HTTP (fixed paper), published with a window around now (a past one is refused),
   * then moved back to its day, with the candidates it would have had when published then.
   */
  const exam = async (
    c: Client,
    kind: 'official' | 'mock',
    title: string,
    day: string,
    paper: { id: string; points: number }[],
  ) => {
    const e = (await a.call('POST', '/exams', adminAuth, {
      unitId: province.id,
      planId,
      title,
      kind,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
      durationMinutes: 60,
      attemptsAllowed: 3,
      audienceUnitIds: [province.id],
      paperMode: 'fixed',
      questions: paper.map((q) => ({ questionId: q.id, points: q.points })),
    })) as { id: string };
    await a.call('POST', `/exams/${e.id}/status`, adminAuth, { status: 'published' });
    await c.query(
      'UPDATE exam SET opens_at = $2, closes_at = $3, published_at = $2 WHERE id = $1',
      [e.id, at(day, 8), at(addDays(day, 5), 18)],
    );
    await c.query('DELETE FROM exam_candidate WHERE exam_id = $1', [e.id]);
    await c.query(
      `INSERT INTO exam_candidate (exam_id, staff_id)
       SELECT $1, s.id FROM staff s
        WHERE s.employment_start <= $2::date AND (s.employment_end IS NULL OR s.employment_end >= $2::date)`,
      [e.id, day],
    );
    return e.id;
  };
  const answerCount = async (c: Client) =>
    Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM attempt_answer')).rows[0].n);

  await admin(async (c) => {
    await bulk(c, 0.42);
    const [adminRow] = (
      await c.query<{ id: string }>("SELECT id FROM staff WHERE staff_no = 'ADMIN01'")
    ).rows;
    // ~1.1 % of those on the roster exempted (approved early in the year), a tenth revoked again
    await timed('exemptions', () =>
      c.query(
        `INSERT INTO plan_exemption (plan_id, staff_id, reason, approved_by, approved_on, recorded_by,
                                     recorded_at, revoked_at, revoked_by, revoke_reason)
         SELECT $1, p.id, (ARRAY['长期病休','借调','退休','新入职'])[1 + p.n % 4], '省厅党组',
                $2::date + (p.n % 60), $3, ($2::date + (p.n % 60) + 1)::timestamptz,
                CASE WHEN p.r < 0.1 THEN ($2::date + (p.n % 60) + 20)::timestamptz END,
                CASE WHEN p.r < 0.1 THEN $3::uuid END,
                CASE WHEN p.r < 0.1 THEN '登记有误' END
           FROM (SELECT *, random() AS r FROM bench.person WHERE n % 89 = 7) p
          WHERE p.employment_start <= $4::date
            AND (p.employment_end IS NULL OR p.employment_end >= $2::date)`,
        [planId, periodStart, adminRow.id, periodEnd],
      ),
    );

    // ---- the official exam: 17 questions, 100 points, 3 attempts, the highest counts ----
    const officialPaper = await pickQuestions(c, {
      single_choice: 7,
      multiple_choice: 3,
      true_false: 3,
      fill_blank: 2,
      short_answer: 2,
    });
    const points: Record<string, number> = { multiple_choice: 8, short_answer: 8 };
    const officialId = await timed('official exam over HTTP', () =>
      exam(
        c,
        'official',
        `${year}年度全省学法考法考试`,
        officialDay,
        officialPaper.map((q) => ({ id: q.id, points: points[q.type] ?? 5 })),
      ),
    );
    // 93 % of the candidates sit, once (60 %), twice (28 %) or three times, a day apart
    await timed('official exam attempts', () =>
      c.query(
        `INSERT INTO exam_attempt (exam_id, staff_id, attempt_no, status, started_at, deadline_at,
                                   finished_at, finalised_by, max_score)
         SELECT $1, t.id, t.k, 'finished', t.started, t.started + interval '60 minutes',
                CASE WHEN t.timer THEN t.started + interval '60 minutes'
                     ELSE t.started + make_interval(mins => 15 + floor(t.r * 44)::int) END,
                CASE WHEN t.timer THEN 'timer' ELSE 'examinee' END, 100
           FROM (SELECT p.id, k,
                        $2::timestamptz + (k - 1) * interval '1 day' + random() * interval '8 hours' AS started,
                        random() < 0.1 AS timer, random() AS r
                   FROM (SELECT p.id, CASE WHEN x < 0.6 THEN 1 WHEN x < 0.88 THEN 2 ELSE 3 END AS tries
                           FROM (SELECT p.id, random() AS x, random() AS s FROM bench.person p
                                   JOIN exam_candidate c ON c.exam_id = $1 AND c.staff_id = p.id) p
                          WHERE p.s < 0.93) p
                   CROSS JOIN LATERAL generate_series(1, p.tries) k) t`,
        [officialId, at(officialDay, 8)],
      ),
    );
    // graded before the make-up is made (the make-up call refuses while grades are pending)
    await timed('official papers and answers', () => papers(c, officialId, 0, adminRow.id));

    // ---- the make-up, as the make-up call makes it: for every candidate who has not passed;
    // then edited to 2 attempts where the latest counts; opened in the last quarter, open now ----
    const makeupId = randomUUID();
    await timed('make-up exam, attempts, answers', async () => {
      await c.query(
        `INSERT INTO exam (id, unit_id, plan_id, parent_exam_id, title, kind, status, opens_at, closes_at,
                           duration_seconds, pass_mark, attempts_allowed, score_policy, paper_mode,
                           shuffle_questions, shuffle_options, multiple_choice_scoring, review_content,
                           review_timing, total_points, audience_unit_ids, audience_staff_ids,
                           published_at, created_by)
         SELECT $2, unit_id, plan_id, id, title || '（补考）', 'makeup', 'published', $3, $4,
                duration_seconds, pass_mark, 2, 'latest', paper_mode, shuffle_questions,
                shuffle_options, multiple_choice_scoring, review_content, review_timing, total_points,
                '{}', '{}', $3, created_by
           FROM exam WHERE id = $1`,
        [officialId, makeupId, at(makeupDay, 8), new Date(Date.now() + 7 * 86_400_000)],
      );
      await c.query(
        `INSERT INTO exam_fixed_question (exam_id, position, question_id, revision_id, points)
         SELECT $2, position, question_id, revision_id, points FROM exam_fixed_question WHERE exam_id = $1`,
        [officialId, makeupId],
      );
      await c.query(
        `INSERT INTO exam_candidate (exam_id, staff_id)
         SELECT $2, c.staff_id FROM exam_candidate c
          WHERE c.exam_id = $1
            AND NOT EXISTS (SELECT 1 FROM exam_attempt a
                             WHERE a.exam_id = $1 AND a.staff_id = c.staff_id AND a.passed)`,
        [officialId, makeupId],
      );
      await c.query(
        `UPDATE exam SET audience_staff_ids = ARRAY(SELECT staff_id FROM exam_candidate WHERE exam_id = $1)
          WHERE id = $1`,
        [makeupId],
      );
      // 85 % of them sit it, once or twice; ~3 % of those are answering right now
      const span = (Date.now() - at(makeupDay, 8).getTime()) / 1000 - 7200;
      await c.query(
        `INSERT INTO exam_attempt (exam_id, staff_id, attempt_no, status, started_at, deadline_at,
                                   finished_at, finalised_by, max_score)
         SELECT $1, t.staff_id, t.k,
                CASE WHEN t.open THEN 'in_progress' ELSE 'finished' END,
                t.started, t.started + interval '60 minutes',
                CASE WHEN NOT t.open THEN t.started + make_interval(mins => 15 + floor(t.r * 44)::int) END,
                CASE WHEN NOT t.open THEN 'examinee' END, 100
           FROM (SELECT m.staff_id, k, k = m.tries AND m.o < 0.03 AS open,
                        CASE WHEN k = m.tries AND m.o < 0.03 THEN now() - interval '10 minutes'
                             ELSE $2::timestamptz + make_interval(secs => floor(m.t * $3)::int) + (k - 1) * interval '2 hours' END
                          AS started,
                        random() AS r
                   FROM (SELECT staff_id, 1 + floor(random() * 2)::int AS tries, random() AS o,
                                random() AS s, random() AS t
                           FROM exam_candidate WHERE exam_id = $1) m
                   CROSS JOIN LATERAL generate_series(1, m.tries) k
                  WHERE m.s < 0.85) t`,
        [makeupId, at(makeupDay, 8), Math.max(3600, span - 4 * 3600)],
      );
      // make-up takers have studied since: a little better; ~3 % wait for a short answer's grade
      await papers(c, makeupId, 0.03, adminRow.id, 0.08);
    });

    // ---- a mock exam of the plan (must not count) takes what is left of BENCH_ATTEMPTS and
    // BENCH_ANSWERS: objective questions only, as many as make the answers come out right ----
    const [{ n: sofar }] = (await c.query<{ n: string }>('SELECT count(*) AS n FROM exam_attempt'))
      .rows;
    const left = ATTEMPTS - Number(sofar);
    if (left < 0) throw new Error(`official + make-up made ${sofar} attempts > BENCH_ATTEMPTS`);
    if (left > 0) {
      const size = Math.max(4, Math.min(20, Math.round((ANSWERS - (await answerCount(c))) / left)));
      const mockPaper = await pickQuestions(c, {
        single_choice: Math.ceil(size * 0.5),
        multiple_choice: Math.floor(size * 0.25),
        true_false: size - Math.ceil(size * 0.5) - Math.floor(size * 0.25),
      });
      const mockId = await exam(
        c,
        'mock',
        `${year}年度学法模拟考试`,
        mockDay,
        mockPaper.map((q) => ({ id: q.id, points: 5 })),
      );
      await timed(`mock exam attempts (${left}), ${size} questions`, async () => {
        await c.query(
          `INSERT INTO exam_attempt (exam_id, staff_id, attempt_no, status, started_at, deadline_at,
                                     finished_at, finalised_by, max_score)
           SELECT $1, p.staff_id, t.k, 'finished', t.started, t.started + interval '60 minutes',
                  t.started + interval '40 minutes', 'examinee', $5
             FROM (SELECT (g - 1) % $3 + 1 AS n, (g - 1) / $3 + 1 AS k,
                          $2::timestamptz + (g - 1) / $3 * interval '1 day' + random() * interval '8 hours' AS started
                     FROM generate_series(1, $4) g) t
             JOIN (SELECT staff_id, row_number() OVER (ORDER BY staff_id)::int AS n
                     FROM exam_candidate WHERE exam_id = $1) p ON p.n = t.n`,
          [mockId, at(mockDay, 8), await candidateCount(c, mockId), left, size * 5],
        );
        await papers(c, mockId, 0, adminRow.id);
      });
    }

    // ---- sessions held: per bureau 2 theory-group sessions for its leaders and 2 law-study
    // sessions for its whole subtree, per department 2 party sessions for its party members ----
    await timed('sessions, invitees, attendance', async () => {
      await c.query(
        `INSERT INTO study_session (unit_id, type, topic, starts_at, ends_at, place, organiser,
                                    credited_hours, invite_unit_ids, invite_party_only,
                                    invite_staff_ids, invitees_fixed_at, attendance_closed_at,
                                    created_by)
         SELECT u.id, t.type, t.topic, t.starts, t.starts + interval '2 hours', '会议室', '党组书记',
                1.5, CASE WHEN t.type = 'theory_group' THEN '{}' ELSE ARRAY[u.id] END,
                u.kind = 'department',
                CASE WHEN t.type = 'theory_group'
                     THEN ARRAY(SELECT id FROM staff WHERE unit_id = u.id) ELSE '{}' END,
                t.starts, t.starts + interval '1 day', $4
           FROM org_unit u
           CROSS JOIN LATERAL (
             SELECT CASE WHEN u.kind = 'bureau'
                         THEN (ARRAY['theory_group','law_study','theory_group','law_study'])[i]
                         ELSE (ARRAY['branch_general','party_lecture'])[i] END AS type,
                    '学习' || (ARRAY[$5::text, $6::text, $7::text, $5::text])[i] AS topic,
                    $1::timestamptz + floor((i - 0.5) / g.n * $2)::int * interval '1 day' AS starts
               FROM (SELECT CASE u.kind WHEN 'bureau' THEN 4 WHEN 'department' THEN 2 ELSE 0 END AS n) g
               CROSS JOIN LATERAL generate_series(1, g.n) i) t
          WHERE u.path LIKE $3`,
        [
          at(periodStart, 9),
          elapsed,
          `${province.path}%`,
          adminRow.id,
          laws[0].title,
          laws[1].title,
          laws[2].title,
        ],
      );
      await c.query(
        `INSERT INTO study_session_law (session_id, law_id)
         SELECT s.id, l.id FROM study_session s JOIN law l ON s.topic = '学习' || l.title`,
      );
      await c.query(
        `INSERT INTO study_session_invitee (session_id, staff_id)
         SELECT DISTINCT s.id, st.id
           FROM (SELECT s.id, unnest(s.invite_staff_ids) AS staff_id FROM study_session s
                 UNION ALL
                 SELECT s.id, st.id FROM study_session s
                   JOIN org_unit u ON u.id = ANY(s.invite_unit_ids)
                   JOIN org_unit su ON su.path LIKE u.path || '%'
                   JOIN staff st ON st.unit_id = su.id
                  WHERE NOT s.invite_party_only OR st.party_member) i
           JOIN study_session s ON s.id = i.id
           JOIN staff st ON st.id = i.staff_id
          WHERE true
            AND st.employment_start <= (s.starts_at AT TIME ZONE $1)::date
            AND (st.employment_end IS NULL OR st.employment_end >= (s.starts_at AT TIME ZONE $1)::date)`,
        [TZ],
      );
      await c.query(
        `INSERT INTO study_session_attendance (session_id, staff_id, status, source, checked_in_at, marked_by, marked_at)
         SELECT i.session_id, i.staff_id, x.status,
                CASE WHEN x.status IN ('present', 'late') THEN 'checkin' ELSE 'secretary' END,
                CASE WHEN x.status = 'present' THEN s.starts_at
                     WHEN x.status = 'late' THEN s.starts_at + interval '20 minutes' END,
                CASE WHEN x.status IN ('present', 'late') THEN NULL ELSE $1::uuid END,
                CASE WHEN x.status IN ('present', 'late') THEN s.starts_at ELSE s.ends_at END
           FROM (SELECT *, random() AS r FROM study_session_invitee) i
           JOIN study_session s ON s.id = i.session_id
           CROSS JOIN LATERAL (SELECT CASE WHEN i.r < 0.80 THEN 'present' WHEN i.r < 0.85 THEN 'late'
                                           WHEN i.r < 0.93 THEN 'excused' ELSE 'absent' END AS status) x`,
        [adminRow.id],
      );
    });

    // ---- study records: what the ledger writes for those sessions, then the person's own ----
    await timed(`${RECORDS} study records and their laws`, async () => {
      await studyRecords(c, { periodStart, elapsed, laws, adminId: adminRow.id });
    });
  }, url);

  await admin(async (c) => {
    await c.query('DROP SCHEMA bench CASCADE');
    await timed('VACUUM ANALYZE', async () => {
      for (const t of [
        'org_unit',
        'staff',
        'plan_exemption',
        'exam',
        'exam_candidate',
        'exam_attempt',
        'attempt_question',
        'attempt_answer',
        'study_record',
        'study_record_law',
        'study_session',
        'study_session_law',
        'study_session_invitee',
        'study_session_attendance',
      ]) {
        await c.query(`VACUUM ANALYZE ${t}`);
      }
    });
    const count = async (sql: string) =>
      Number((await c.query<{ n: string }>(sql)).rows[0].n).toLocaleString('en');
    console.log(
      `  data: ${await count('SELECT count(*) AS n FROM staff')} staff in ${await count('SELECT count(*) AS n FROM org_unit')} units, ` +
        `${await count('SELECT count(*) AS n FROM plan_exemption WHERE revoked_at IS NULL')} exempted; ` +
        `${await count('SELECT count(*) AS n FROM exam_attempt')} attempts ` +
        `(${await count("SELECT count(*) AS n FROM exam_attempt WHERE status = 'in_progress'")} in progress, ` +
        `${await count('SELECT count(*) AS n FROM exam_attempt WHERE grading_pending')} waiting for a grade), ` +
        `${await count('SELECT count(*) AS n FROM attempt_question')} attempt_question, ` +
        `${await count('SELECT count(*) AS n FROM attempt_answer')} attempt_answer; ` +
        `${await count('SELECT count(*) AS n FROM study_record')} study records ` +
        `(${await count("SELECT count(*) AS n FROM study_record WHERE status = 'credited'")} credited), ` +
        `${await count('SELECT count(*) AS n FROM study_record_law')} law links; ` +
        `${await count('SELECT count(*) AS n FROM study_session')} sessions, ` +
        `${await count('SELECT count(*) AS n FROM study_session_attendance')} attendance rows`,
    );
  }, url);
  return {
    planId,
    year,
    provinceId: province.id,
    cityId: city.id,
    departmentId: department.id,
    cityStaff: 0,
    departmentStaff: 0,
  };
}

async function candidateCount(c: Client, examId: string): Promise<number> {
  const { rows } = await c.query<{ n: string }>(
    'SELECT count(*) AS n FROM exam_candidate WHERE exam_id = $1',
    [examId],
  );
  return Number(rows[0].n);
}

/**
 * The papers and answers of an exam's attempts, as taking and finishing them leaves them: each
 * attempt's questions (the exam's fixed paper), an answer row per question once finished (the
 * finaliser writes '[]' for those left blank) or the ones saved so far while answering; objective
 * answers right with a chance that grows with ability, short answers graded by a secretary
 * except in a `pending` share of the attempts; then each attempt's score, pass and pending flag
 * from its answers, as the finaliser and grading compute them.
 */
async function papers(
  c: Client,
  examId: string,
  pending: number,
  graderId: string,
  bonus = 0,
): Promise<void> {
  await c.query(
    `INSERT INTO attempt_question (attempt_id, position, question_id, revision_id, type, points, option_order)
     SELECT a.id, f.position, f.question_id, r.id, q.type, f.points,
            CASE WHEN q.type IN ('single_choice', 'multiple_choice')
                 THEN ARRAY(SELECT generate_series(0, jsonb_array_length(r.options) - 1))
                 ELSE '{}'::int[] END
       FROM exam_attempt a
       JOIN exam_fixed_question f ON f.exam_id = a.exam_id
       JOIN question q ON q.id = f.question_id
       JOIN question_revision r ON r.id = coalesce(f.revision_id, q.current_revision_id)
      WHERE a.exam_id = $1`,
    [examId],
  );
  await c.query(
    `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at, score, graded_by, graded_at)
     SELECT t.id, t.position,
            CASE WHEN NOT t.answered THEN '[]'::jsonb
                 WHEN t.type = 'multiple_choice' THEN CASE WHEN t.right THEN '["A","C"]' ELSE '["B"]' END::jsonb
                 WHEN t.type = 'true_false' THEN CASE WHEN t.right THEN '["对"]' ELSE '["错"]' END::jsonb
                 WHEN t.type = 'fill_blank' THEN CASE WHEN t.right THEN '["书面"]' ELSE '["口头"]' END::jsonb
                 WHEN t.type = 'short_answer' THEN '["应当自收到信访事项之日起十五日内书面告知信访人。"]'::jsonb
                 ELSE jsonb_build_array(chr(65 + (t.position + CASE WHEN t.right THEN 0 ELSE 1 END) % 4))
            END,
            CASE WHEN t.answered THEN t.position ELSE 0 END,
            CASE WHEN t.answered THEN t.started_at + t.position * interval '90 seconds' ELSE t.finished_at END,
            CASE WHEN t.status <> 'finished' THEN NULL
                 WHEN t.type = 'short_answer' AND t.pending THEN NULL
                 WHEN t.type = 'short_answer' AND t.answered
                   THEN CASE WHEN t.right THEN t.points ELSE floor(t.points / 2) END
                 WHEN t.answered AND t.right THEN t.points ELSE 0 END,
            CASE WHEN t.status = 'finished' AND t.type = 'short_answer' AND NOT t.pending THEN $3::uuid END,
            CASE WHEN t.status = 'finished' AND t.type = 'short_answer' AND NOT t.pending
                 THEN t.finished_at + interval '1 day' END
       FROM (SELECT a.id, a.status, a.started_at, a.finished_at, a.pending, a.reached,
                    q.position, q.type, q.points,
                    random() < 0.94 AS answered, random() < a.skill AS right
               FROM (SELECT a.*, random() < $2 AS pending,
                            least(0.97, greatest(0.05, p.ability / 100 + $4 + 0.03 * (a.attempt_no - 1)
                                                       + (random() - 0.5) * 0.3)) AS skill,
                            floor(random() * 17)::int AS reached
                       FROM exam_attempt a JOIN bench.person p ON p.id = a.staff_id
                      WHERE a.exam_id = $1) a
               JOIN attempt_question q ON q.attempt_id = a.id) t
      WHERE t.status = 'finished' OR (t.answered AND t.position <= t.reached)`,
    [examId, pending, graderId, bonus],
  );
  await c.query(
    `UPDATE exam_attempt a
        SET score = t.score, grading_pending = t.pending,
            passed = CASE WHEN t.pending THEN NULL ELSE round(t.score * 1000 / a.max_score) / 10 >= e.pass_mark END
       FROM (SELECT w.attempt_id, sum(w.score) AS score, bool_or(w.score IS NULL) AS pending
               FROM attempt_answer w JOIN exam_attempt x ON x.id = w.attempt_id
              WHERE x.exam_id = $1 AND x.status = 'finished'
              GROUP BY w.attempt_id) t, exam e
      WHERE a.id = t.attempt_id AND e.id = a.exam_id`,
    [examId],
  );
}

/**
 * Study records as the ledger writes them: one per attended session (present or late; a tenth
 * of the absences were first marked present, their record revoked), make-up study for half of
 * the other absences, then each person's own (reading by day, practice quizzes, court hearings
 * and training claimed and decided) inside their employment, more for the diligent, until
 * BENCH_RECORDS. Reading, practice and sessions cover a law (reading and practice an article).
 */
async function studyRecords(
  c: Client,
  o: {
    periodStart: string;
    elapsed: number;
    laws: { id: string; title: string; articles: number }[];
    adminId: string;
  },
): Promise<void> {
  await c.query(
    `INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title, details,
                               decided_by, decided_at, decision_note)
     SELECT a.staff_id, 'session', s.id::text,
            CASE WHEN a.status IN ('present', 'late') THEN 'credited' ELSE 'revoked' END,
            (s.starts_at AT TIME ZONE $1)::date, s.credited_hours, '集体学习：' || s.topic,
            jsonb_build_object('sessionId', s.id, 'attendance', a.status),
            CASE WHEN a.status = 'absent' THEN $2::uuid END,
            CASE WHEN a.status = 'absent' THEN a.marked_at END,
            CASE WHEN a.status = 'absent' THEN '考勤更正为缺席' END
       FROM study_session_attendance a JOIN study_session s ON s.id = a.session_id
      WHERE a.status IN ('present', 'late') OR (a.status = 'absent' AND random() < 0.1)`,
    [TZ, o.adminId],
  );
  await c.query(
    `INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title, details)
     SELECT a.staff_id, 'makeup_study', s.id::text, 'credited',
            least((s.starts_at AT TIME ZONE $1)::date + 3 + floor(random() * 20)::int, $2::date + $3::int - 1),
            s.credited_hours, '补学：' || s.topic, jsonb_build_object('sessionId', s.id)
       FROM study_session_attendance a JOIN study_session s ON s.id = a.session_id
      WHERE a.status IN ('excused', 'absent')
        AND NOT EXISTS (SELECT 1 FROM study_record r
                         WHERE r.kind = 'session' AND r.source_key = s.id::text AND r.staff_id = a.staff_id)
        AND random() < 0.5`,
    [TZ, o.periodStart, o.elapsed],
  );
  await c.query(
    `INSERT INTO study_record_law (record_id, law_id)
     SELECT r.id, l.law_id FROM study_record r
       JOIN study_session_law l ON l.session_id = (r.details ->> 'sessionId')::uuid
      WHERE r.kind IN ('session', 'makeup_study')`,
  );
  const people = Number(
    (
      await c.query<{ n: string }>(
        'SELECT count(*) AS n FROM bench.person WHERE study_from <= study_to',
      )
    ).rows[0].n,
  );
  await c.query(
    `CREATE TABLE bench.studier AS
     SELECT row_number() OVER (ORDER BY n)::int AS i, id, diligence, study_from,
            study_to - study_from + 1 AS days
       FROM bench.person WHERE study_from <= study_to`,
  );
  await c.query('CREATE UNIQUE INDEX ON bench.studier (i)');
  for (let round = 0; round < 10; round++) {
    const have = Number(
      (await c.query<{ n: string }>('SELECT count(*) AS n FROM study_record')).rows[0].n,
    );
    const want = RECORDS - have;
    if (want <= 0) break;
    // each person is drawn at random and kept with their diligence (so ~1/0.7 draws per record)
    await c.query(
      `WITH made AS (
         INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title,
                                   decided_by, decided_at)
         SELECT x.id, x.kind,
                CASE WHEN x.kind = 'self_study' THEN to_char(x.day, 'YYYY-MM-DD') ELSE gen_random_uuid()::text END,
                x.status, x.day, x.hours,
                CASE x.kind WHEN 'self_study' THEN '自学法律条文' WHEN 'practice' THEN '练习测验'
                            WHEN 'court_hearing' THEN '旁听庭审' ELSE '参加法治培训' END,
                CASE WHEN x.claim AND x.status <> 'pending' THEN $3::uuid END,
                CASE WHEN x.claim AND x.status <> 'pending' THEN (x.day + 2)::timestamptz END
           FROM (SELECT p.id, k.kind, k.kind IN ('court_hearing', 'external_training') AS claim,
                        p.study_from + floor(g.d * p.days)::int AS day,
                        CASE WHEN k.kind IN ('self_study', 'practice') OR g.s < 0.8 THEN 'credited'
                             WHEN g.s < 0.9 THEN 'pending' ELSE 'rejected' END AS status,
                        CASE k.kind WHEN 'self_study' THEN 0.25 * (1 + floor(g.h * 6))
                                    WHEN 'practice' THEN 0.5
                                    WHEN 'court_hearing' THEN 2 + 0.5 * floor(g.h * 3)
                                    ELSE 4 + floor(g.h * 5) END AS hours
                   FROM (SELECT 1 + floor(random() * $2)::int AS i, random() AS keep, random() AS kr,
                                random() AS s, random() AS d, random() AS h
                           FROM generate_series(1, ceil($1::int * 1.5)::int)) g
                   JOIN bench.studier p ON p.i = g.i
                   CROSS JOIN LATERAL (SELECT CASE WHEN g.kr < 0.58 THEN 'self_study'
                                                   WHEN g.kr < 0.88 THEN 'practice'
                                                   WHEN g.kr < 0.95 THEN 'court_hearing'
                                                   ELSE 'external_training' END AS kind) k
                  WHERE g.keep < p.diligence
                  LIMIT $1::int) x
         ON CONFLICT (kind, source_key, staff_id) DO NOTHING
         RETURNING id, kind
       )
       INSERT INTO study_record_law (record_id, law_id, article_number)
       SELECT m.id, l.id, 1 + floor(random() * l.articles)::int
         FROM (SELECT id, random() AS r FROM made WHERE kind IN ('self_study', 'practice')) m
         JOIN unnest($4::uuid[], $5::int[], $6::float8[], $7::float8[]) AS l(id, articles, lo, hi)
           ON m.r >= l.lo AND m.r < l.hi`,
      [
        want,
        people,
        o.adminId,
        o.laws.map((l) => l.id),
        o.laws.map((l) => l.articles),
        [0, 0.45, 0.8],
        [0.45, 0.8, 1],
      ],
    );
  }
}

/** A kept database: the plan and the three units measured. */
async function findSeeded(c: Client): Promise<Seeded> {
  const { rows } = await c.query<{
    plan: string;
    year: number;
    province: string;
    city: string;
    dept: string;
  }>(
    `SELECT p.id AS plan, p.year, p.unit_id AS province,
            (SELECT id FROM org_unit WHERE code = 'P-1') AS city,
            (SELECT id FROM org_unit WHERE code = 'P-1-1-1') AS dept
       FROM study_plan p WHERE p.title = $1`,
    [PLAN_TITLE],
  );
  if (!rows[0]) throw new Error(`${DB} has no bench plan: run without BENCH_REUSE_DB first`);
  return {
    planId: rows[0].plan,
    year: rows[0].year,
    provinceId: rows[0].province,
    cityId: rows[0].city,
    departmentId: rows[0].dept,
    cityStaff: 0,
    departmentStaff: 0,
  };
}

/** Staff on the roster under a unit (for the labels). */
async function subtreeStaff(c: Client, unitId: string): Promise<number> {
  const { rows } = await c.query<{ n: string }>(
    `SELECT count(*) AS n FROM staff s JOIN org_unit u ON u.id = s.unit_id
      WHERE u.path LIKE (SELECT path FROM org_unit WHERE id = $1) || '%'`,
    [unitId],
  );
  return Number(rows[0].n);
}

/** Resident memory of a process in MiB (VmRSS), or NaN once it is gone. */
function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The unit workbook of the first city (10,000 staff) through the export API: a worker process
 * of its own builds it (BullMQ job, exceljs streaming); its VmRSS is sampled every 100 ms from
 * before the request until the export is done. Growth = peak − the RSS just before the request.
 */
async function workbook(
  a: Api,
  auth: string,
  seeded: Seeded,
  env: Record<string, string>,
): Promise<void> {
  const probe = await httpJson('POST', `${a.base}/exports`, {}, { authorization: auth });
  if (probe.status === 404) {
    console.log('workbook: skipped (export API not present)');
    return;
  }
  const worker = await startWorker(
    { ...env, LOG_LEVEL: 'info' },
    { from: FROM, timeoutMs: 180_000 },
  );
  try {
    const pid = worker.pid as number;
    await new Promise((r) => setTimeout(r, 3000)); // let start-up work settle
    const samples: number[] = [];
    const sample = () => {
      const v = rssMiB(pid);
      if (!Number.isNaN(v)) samples.push(v);
    };
    sample();
    const baseline = samples[0];
    const timer = setInterval(sample, 100);
    const t0 = Date.now();
    const made = await httpJson(
      'POST',
      `${a.base}/exports`,
      { kind: 'unit_workbook', unitId: seeded.cityId, year: seeded.year, planId: seeded.planId },
      { authorization: auth },
    );
    if (made.status !== 202) {
      clearInterval(timer);
      console.log(`workbook: POST /exports answered ${made.status} ${JSON.stringify(made.body)}`);
      return;
    }
    const id = (made.body as { id: string }).id;
    type Export = {
      status: string;
      progress: number;
      size: number | null;
      staffCount: number | null;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
    };
    let e: Export;
    const until = Date.now() + 30 * 60_000;
    for (;;) {
      e = (await httpJson('GET', `${a.base}/exports/${id}`, undefined, { authorization: auth }))
        .body as Export;
      if (!['queued', 'running'].includes(e.status) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(timer);
    sample();
    if (e.status !== 'done') {
      console.log(`workbook: export ${e.status} after ${seconds.toFixed(1)} s: ${e.error ?? ''}`);
      return;
    }
    const file = await new Promise<number>((resolve, reject) => {
      httpGet(
        `${a.base}/exports/${id}/file`,
        { agent: false, headers: { authorization: auth } },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(res.statusCode === 200 ? n : -res.statusCode!));
        },
      ).on('error', reject);
    });
    const peak = Math.max(...samples);
    const job =
      e.startedAt && e.finishedAt
        ? `, job ${((Date.parse(e.finishedAt) - Date.parse(e.startedAt)) / 1000).toFixed(1)} s`
        : '';
    console.log(
      `workbook (first city, ${e.staffCount ?? '?'} staff): done in ${seconds.toFixed(1)} s from the request${job}; ` +
        `file ${(file / 1048576).toFixed(1)} MiB (downloaded ${file >= 0 ? 'ok' : `status ${-file}`}); ` +
        `worker RSS baseline ${baseline.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, growth ${(peak - baseline).toFixed(0)} MiB ` +
        `(target ≤ ${TARGET_RSS_GROWTH_MB} MB: ${(peak - baseline) * 1.048576 <= TARGET_RSS_GROWTH_MB ? 'met' : 'MISSED'}); ` +
        `${samples.length} samples`,
    );
  } finally {
    await stopProcess(worker);
  }
}

/** The API process on the seeded province (see the header), and how to stop it and clean up. */
export interface SeededApp {
  a: Api;
  seeded: Seeded;
  env: Record<string, string>;
  seedSeconds: number;
  stop: () => Promise<void>;
}

/**
 * Seeds the province (or finds a kept one with BENCH_REUSE_DB=1) and starts the API on it
 * (APP_ROLE=api, serving the built web app under /app/ too); bench/web-compliance reuses it.
 */
export async function startSeededApp(): Promise<SeededApp> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-compliance-'));
  const lawNames = lawTexts(dir);
  if (!REUSE) await recreateDatabase(DB);
  // shared by the API and the worker (the export file is written by one, read by the other)
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl(DB),
    SEED_DEMO: 'false',
    LOAD_BUNDLED_BANK: 'true',
    LAW_TEXTS_DIR: dir,
    UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: PREFIX,
    REDIS_URL,
    LOGIN_THROTTLE_LIMIT: '100000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    IDLE_TIMEOUT_MINUTES: '120',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  };
  let app: BenchProcess | undefined;
  const stop = async () => {
    if (app) await stopProcess(app);
    rmSync(dir, { recursive: true, force: true });
    await deleteRedisPrefix(REDIS_URL, PREFIX);
    if (!KEEP) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
  };
  try {
    app = await startApp(
      { ...env, PORT: String(PORT), APP_ROLE: 'api' },
      { from: FROM, timeoutMs: 180_000 },
    );
    const a = api(`http://127.0.0.1:${PORT}`);
    const t0 = Date.now();
    const seeded = REUSE ? await admin(findSeeded, dbUrl(DB)) : await seed(a, lawNames);
    const seedSeconds = (Date.now() - t0) / 1000;
    await admin(async (c) => {
      seeded.cityStaff = await subtreeStaff(c, seeded.cityId);
      seeded.departmentStaff = await subtreeStaff(c, seeded.departmentId);
    }, dbUrl(DB));
    return { a, seeded, env, seedSeconds, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main(): Promise<void> {
  const { a, seeded, env, seedSeconds, stop } = await startSeededApp();
  try {
    const hr = await a.login('HR01');

    const pgVersion = await admin(
      async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0],
    );
    console.log(
      `bench/compliance: ${STAFF.toLocaleString('en')} staff in 200 units, one plan; ` +
        (REUSE ? 'kept database' : `seeded in ${seedSeconds.toFixed(0)} s`) +
        `; closed loop, ${SECONDS}s per endpoint and level after ${WARMUP_MS / 1000}s warm-up`,
    );
    console.log(
      `machine: ${cpus().length} cores, node ${process.version}, PostgreSQL ${pgVersion.server_version}; ` +
        `API from ${FROM}; load average (1 min) ${loadavg()[0].toFixed(2)}`,
    );
    const levels = [
      { name: 'province', query: '', staff: STAFF },
      { name: 'city', query: `unitId=${seeded.cityId}`, staff: seeded.cityStaff },
      { name: 'department', query: `unitId=${seeded.departmentId}`, staff: seeded.departmentStaff },
    ];
    const endpoints = [
      { name: 'compliance', path: `/plans/${seeded.planId}/compliance`, query: '' },
      ...(['participation', 'exam', 'pass'] as const).map((rate) => ({
        name: `missing ${rate}`,
        path: `/plans/${seeded.planId}/compliance/missing`,
        query: `rate=${rate}`,
      })),
      // what a dashboard shows of the biggest list: its first page
      {
        name: 'missing pass, first page of 50',
        path: `/plans/${seeded.planId}/compliance/missing`,
        query: 'rate=pass&pageSize=50',
      },
    ];
    if (SNAPSHOT_DIR) mkdirSync(SNAPSHOT_DIR, { recursive: true });
    const summary: string[] = [];
    for (const e of endpoints) {
      for (const l of levels) {
        const qs = [e.query, l.query].filter(Boolean).join('&');
        const url = `${a.base}${e.path}${qs ? `?${qs}` : ''}`;
        const tFirst = performance.now();
        const first = await httpJson('GET', url, undefined, { authorization: hr });
        const firstMs = performance.now() - tFirst;
        if (first.status !== 200)
          throw new Error(`${url}: ${first.status} ${JSON.stringify(first.body)}`);
        const size = JSON.stringify(first.body).length;
        if (SNAPSHOT_DIR) {
          writeFileSync(
            join(SNAPSHOT_DIR, `${e.name.replace(/[ ,]+/g, '-')}-${l.name}.json`),
            JSON.stringify(first.body, null, 1),
          );
        }
        if (e.name === 'compliance') {
          const f = (
            first.body as {
              figures: Record<string, { numerator: number; denominator: number; percent: number }>;
            }
          ).figures;
          console.log(
            `${l.name} (${l.staff.toLocaleString('en')} staff): 参学率 ${f.participation.numerator}/${f.participation.denominator} ${f.participation.percent}%, ` +
              `参考率 ${f.exam.numerator}/${f.exam.denominator} ${f.exam.percent}%, 通过率 ${f.pass.numerator}/${f.pass.denominator} ${f.pass.percent}%; ` +
              `response ${(size / 1024).toFixed(0)} KiB; first request ${firstMs.toFixed(0)} ms`,
          );
        } else {
          const items = (first.body as { items: unknown[] }).items.length;
          console.log(
            `${e.name} at ${l.name}: ${items} people, response ${(size / 1024).toFixed(0)} KiB; first request ${firstMs.toFixed(0)} ms`,
          );
        }
        const send = async () =>
          (await httpJson('GET', url, undefined, { authorization: hr })).status === 200;
        for (const c of LEVELS) {
          await closedLoop(c, WARMUP_MS, send);
          const r = await closedLoop(c, SECONDS * 1000, send);
          console.log(report(`  ${c} client${c > 1 ? 's' : ''}`, r));
          if (e.name === 'compliance') {
            const p95 = percentile(r.latenciesMs, 95);
            summary.push(
              `${l.name} ×${c}: p95 ${p95.toFixed(0)} ms ${p95 <= TARGET_P95_MS ? 'met' : 'MISSED'}`,
            );
          }
        }
      }
    }
    console.log(`dashboard p95 (target ≤ ${TARGET_P95_MS} ms): ${summary.join('; ')}`);
    if (SNAPSHOT_DIR) {
      // the annual report reads every row: one more check that two versions agree
      for (const l of levels) {
        const t0 = Date.now();
        const res = await httpJson(
          'GET',
          `${a.base}/plans/${seeded.planId}/report${l.query ? `?${l.query}` : ''}`,
          undefined,
          { authorization: hr },
        );
        writeFileSync(join(SNAPSHOT_DIR, `report-${l.name}.md`), String(res.body));
        console.log(`report at ${l.name}: ${res.status} in ${Date.now() - t0} ms`);
      }
    }
    if (process.env.BENCH_WORKBOOK !== '0') await workbook(a, hr, seeded, env);
    else console.log('workbook: skipped (BENCH_WORKBOOK=0)');
    console.log(`load average (1 min) at the end ${loadavg()[0].toFixed(2)}`);
  } finally {
    await stop();
  }
}

// run when started as the bench itself, not when bench/web-compliance imports its seeding
if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
