/**
 * bench/login: sign-ins per second and latency with argon2id at m=19 MiB, t=2, p=1.
 *
 * Load model: closed loop, N concurrent clients on keep-alive connections, each posting
 * /auth/login as soon as its previous one returned; 3 s warm-up, then 15 s measured per level.
 * The API runs as its own process (APP_ROLE=api, the default argon2 parameters); the load
 * generator runs in this process. Each login is the full path: throttle check in Redis, lookup,
 * argon2id verify, session + refresh token rows, audit row in the hash chain.
 *
 *   npm run build && npm run bench:login        (BENCH_STAFF, BENCH_SECONDS, BENCH_LEVELS to tune)
 */
import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import { cpus } from 'node:os';
import { admin, closedLoop, dbUrl, httpJson, recreateDatabase, report, startApp } from './lib';

const DB = 'xuefa_bench_login';
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const STAFF = Number(process.env.BENCH_STAFF ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const LEVELS = (process.env.BENCH_LEVELS ?? '4,8,16').split(',').map(Number);
const PASSWORD = 'Bench-Passw0rd';

async function main(): Promise<void> {
  await recreateDatabase(DB);
  const app = await startApp({
    DATABASE_URL: dbUrl(DB),
    PORT: String(PORT),
    APP_ROLE: 'api',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: `xuefa-bench-${randomUUID().slice(0, 8)}`,
    LOGIN_THROTTLE_LIMIT: '100000',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  });
  try {
    const hash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    await admin(async (c) => {
      const unit = randomUUID();
      await c.query(
        `INSERT INTO org_unit (id, code, name, kind, path, depth) VALUES ($1, 'BENCH', '压测单位', 'bureau', $2, 0)`,
        [unit, `/${unit}/`],
      );
      await c.query(
        `INSERT INTO staff (staff_no, name, unit_id, employment_start)
           SELECT 'B' || lpad(i::text, 5, '0'), '压测' || i, $1, '2020-01-01' FROM generate_series(1, $2) i`,
        [unit, STAFF],
      );
      await c.query(
        `INSERT INTO staff_credential (staff_id, password_hash, must_change_password)
           SELECT id, $1, false FROM staff`,
        [hash],
      );
    }, dbUrl(DB));
    const url = `http://127.0.0.1:${PORT}/auth/login`;
    const send = async (i: number) => {
      const staffNo = `B${String((i % STAFF) + 1).padStart(5, '0')}`;
      return (await httpJson('POST', url, { staffNo, password: PASSWORD })).status === 200;
    };
    console.log(
      `bench/login: argon2id m=19456 KiB t=2 p=1; ${STAFF} accounts; closed loop; ${SECONDS}s per level after 3s warm-up`,
    );
    console.log(`machine: ${cpus().length} cores, node ${process.version}`);
    for (const c of LEVELS) {
      await closedLoop(c, 3000, send);
      console.log(report(`${c} clients`, await closedLoop(c, SECONDS * 1000, send)));
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
