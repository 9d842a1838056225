/**
 * bench/import-vs-answer-save: answer autosaves while 10 MB question workbooks are imported into
 * the same API process. The parse (exceljs) runs in a child process per import, so the saves'
 * latency should stay where it is without imports; this prints both.
 *
 * Setup: an API process (APP_ROLE=api, the bundled bank loaded), BENCH_STAFF examinees, a
 * secretary and an admin inserted in SQL with credentials; the secretary creates and publishes a
 * fixed 5-question exam over HTTP and every examinee starts an attempt over HTTP. The workbook:
 * 5,000 rows of random Chinese text (9.1 MiB, just under UPLOAD_LIMIT_BYTES), each with an
 * unknown question type, so every import parses the whole file and is then refused with 5,000
 * reported rows (422): parse cost without writing 5,000 questions.
 *
 * Load model: closed loop, BENCH_CONNECTIONS (16) connections, connection j saving for examinee j
 * a random position with its next sequence number as soon as its previous save returned; 2 s
 * warm-up, then BENCH_SECONDS (15) measured, twice: without imports, then with one import after
 * another (one at a time, as an admin would) for the whole measured window. The load generator
 * is this Node process, on the same cores as the API and the parse: figures are noisy when other
 * work runs on the machine.
 *
 *   npm run bench:import-save   (BENCH_STAFF, BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_FROM=dist|src)
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import * as argon2 from 'argon2';
import ExcelJS from 'exceljs';
import type { LoadResult } from './lib';
import {
  admin,
  closedLoop,
  dbUrl,
  deleteRedisPrefix,
  httpJson,
  latencySummary,
  pickQuestions,
  publishFixedExam,
  recreateDatabase,
  seedStaff,
  startApp,
  stopProcess,
} from './lib';

const DB = 'xuefa_bench_import_save';
const PORT = Number(process.env.BENCH_PORT ?? 3322);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const STAFF = Number(process.env.BENCH_STAFF ?? CONNECTIONS);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const FROM = (process.env.BENCH_FROM ?? 'src') as 'dist' | 'src';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'xuefa-bench-import-save';
const PASSWORD = 'Bench@2026x';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const HEADER = ['编号', '题型*', '题干*', '选项A', '选项B', '答案*', '解析*', '法律依据*'];

async function main(): Promise<void> {
  await recreateDatabase(DB);
  await deleteRedisPrefix(REDIS_URL, PREFIX);
  const app = await startApp(
    {
      DATABASE_URL: dbUrl(DB),
      PORT: String(PORT),
      APP_ROLE: 'api',
      SEED_DEMO: 'false',
      LOAD_BUNDLED_BANK: 'true',
      LOG_LEVEL: 'warn',
      REDIS_PREFIX: PREFIX,
      REDIS_URL,
      LOGIN_THROTTLE_LIMIT: '100000',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      JWT_SECRET,
    },
    { from: FROM, timeoutMs: 120_000 },
  );
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, timeCost: 2 });
    const { seeded, questions } = await admin(async (c) => {
      const seeded = await seedStaff(c, {
        count: STAFF + 1,
        prefix: 'I',
        passwordHash: hash,
        secretary: true,
      });
      const adminNo = seeded.staffNos[STAFF];
      await c.query(
        `INSERT INTO role_assignment (staff_id, role, unit_id)
           SELECT id, 'admin', $1 FROM staff WHERE staff_no = $2`,
        [seeded.unitId, adminNo],
      );
      const questions = await pickQuestions(c, { single_choice: 5 });
      return { seeded: { ...seeded, adminNo }, questions };
    }, dbUrl(DB));
    const login = async (staffNo: string) => {
      const res = await httpJson('POST', `${base}/auth/login`, { staffNo, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login ${staffNo}: ${res.status}`);
      return `Bearer ${(res.body as { accessToken: string }).accessToken}`;
    };
    const sec = await login(seeded.secretaryNo as string);
    const adminAuth = await login(seeded.adminNo);
    const examId = await publishFixedExam(base, sec, {
      unitId: seeded.unitId,
      title: '压测：导入期间的答案保存',
      questionIds: questions.map((q) => q.id),
      points: 20,
    });
    const attempts: { id: string; auth: string; seq: number }[] = [];
    for (const staffNo of seeded.staffNos.slice(0, STAFF)) {
      const auth = await login(staffNo);
      const res = await httpJson('POST', `${base}/exams/${examId}/attempts`, undefined, {
        authorization: auth,
      });
      if (res.status !== 201) throw new Error(`start ${staffNo}: ${res.status}`);
      attempts.push({ id: (res.body as { id: string }).id, auth, seq: 0 });
    }

    const save = async (_: number, client: number) => {
      const a = attempts[client % attempts.length];
      const position = 1 + Math.floor(Math.random() * questions.length);
      const res = await httpJson(
        'PUT',
        `${base}/exam-attempts/${a.id}/answers/${position}`,
        { seq: ++a.seq, response: [Math.random() < 0.5 ? 'A' : 'B'] },
        { authorization: a.auth },
      );
      return res.status === 200;
    };
    const workbook = await tenMegabyteWorkbook();
    const measure = async (): Promise<LoadResult> => {
      await closedLoop(CONNECTIONS, 2000, save);
      return closedLoop(CONNECTIONS, SECONDS * 1000, save);
    };

    const quiet = await measure();
    let importing = true;
    const imports: { status: number; ms: number }[] = [];
    const importer = (async () => {
      while (importing) {
        const t0 = performance.now();
        const status = await upload(`${base}/questions/import`, adminAuth, workbook);
        imports.push({ status, ms: performance.now() - t0 });
      }
    })();
    const busy = await measure();
    importing = false;
    await importer;

    const line = (label: string, r: LoadResult) =>
      `${label.padEnd(22)} ${(r.ok / r.seconds).toFixed(0).padStart(6)} saves/s  ${latencySummary(r.latenciesMs)}  errors ${r.errors}`;
    process.stdout.write(
      [
        `answer saves, closed loop, ${CONNECTIONS} connections, ${SECONDS} s measured (after 2 s warm-up)`,
        `workbook: ${(workbook.length / 1024 / 1024).toFixed(1)} MiB, 5,000 rows`,
        line('without imports', quiet),
        line('during imports', busy),
        `imports during the window: ${imports.length}, statuses ${[...new Set(imports.map((i) => i.status))].join(',')}, ` +
          `mean ${(imports.reduce((n, i) => n + i.ms, 0) / Math.max(1, imports.length) / 1000).toFixed(1)} s each`,
        '',
      ].join('\n'),
    );
  } finally {
    await stopProcess(app);
    await deleteRedisPrefix(REDIS_URL, PREFIX);
  }
}

async function tenMegabyteWorkbook(): Promise<Buffer> {
  const text = (n: number) => {
    const bytes = randomBytes(2 * n);
    let s = '';
    for (let i = 0; i < n; i++)
      s += String.fromCharCode(0x4e00 + (bytes.readUInt16LE(2 * i) % 20000));
    return s;
  };
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('题目');
  sheet.addRow(HEADER);
  for (let i = 0; i < 5000; i++) {
    sheet.addRow([`BIG-${i}`, '论述题', text(425), '甲', '乙', 'A', text(425), '《宪法》第一条']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POSTs the workbook as multipart field `file`; resolves with the status. */
function upload(url: string, auth: string, file: Buffer): Promise<number> {
  const boundary = `----xuefa${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bank.xlsx"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  },
);
