/**
 * bench/article-search: full-text search of article text with all nine laws of ../shared/laws
 * loaded (about 2,000 articles). Target: p95 ≤ 100 ms.
 *
 * Load model: closed loop, N concurrent clients on keep-alive connections, each sending
 * GET /laws/search?q=…&pageSize=20 as soon as the previous answer arrived, cycling through a fixed
 * list of Chinese search terms (2 to 6 characters, one and two words); 3 s warm-up, then
 * BENCH_SECONDS measured per level. The API is its own process (APP_ROLE=api).
 *
 *   npm run build && npm run bench:article-search     (LAW_TEXTS_DIR to point elsewhere)
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { closedLoop, dbUrl, httpJson, recreateDatabase, report, ROOT, startApp } from './lib';

const DB = 'xuefa_bench_search';
const PORT = Number(process.env.BENCH_PORT ?? 3311);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const LEVELS = (process.env.BENCH_LEVELS ?? '1,8,32').split(',').map(Number);
const LAWS = process.env.LAW_TEXTS_DIR ?? join(ROOT, '..', 'shared', 'laws');
const TERMS = [
  '信访事项',
  '信访',
  '个人信息',
  '国家安全',
  '公务员',
  '人民法院',
  '合同',
  '侵权责任',
  '监护人',
  '行政复议',
  '书面告知',
  '十五日',
  '人民代表大会',
  '党政同责',
  '离婚',
  '近亲属',
  '国家秘密',
  '行政机关 复议',
  '信访人 书面',
  '不存在的词语',
];

async function main(): Promise<void> {
  if (!existsSync(LAWS)) throw new Error(`no law texts at ${LAWS} (set LAW_TEXTS_DIR)`);
  await recreateDatabase(DB);
  const app = await startApp({
    DATABASE_URL: dbUrl(DB),
    PORT: String(PORT),
    APP_ROLE: 'api',
    SEED_DEMO: 'true',
    LOAD_BUNDLED_BANK: 'false',
    LAW_TEXTS_DIR: LAWS,
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: `xuefa-bench-${randomUUID().slice(0, 8)}`,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  });
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const first = await httpJson('POST', `${base}/auth/login`, {
      staffNo: 'XF004',
      password: 'Xuefa@2026',
    });
    const changed = await httpJson(
      'POST',
      `${base}/auth/password`,
      { currentPassword: 'Xuefa@2026', newPassword: 'Bench-Passw0rd' },
      { authorization: `Bearer ${(first.body as { accessToken: string }).accessToken}` },
    );
    const token = (changed.body as { accessToken: string }).accessToken;
    const laws = await httpJson('GET', `${base}/laws?pageSize=100`, undefined, {
      authorization: `Bearer ${token}`,
    });
    const items = (laws.body as { items: { currentVersion: { articleCount: number } | null }[] })
      .items;
    const articles = items.reduce((n, l) => n + (l.currentVersion?.articleCount ?? 0), 0);
    const send = async (i: number) => {
      const q = encodeURIComponent(TERMS[i % TERMS.length]);
      const res = await httpJson('GET', `${base}/laws/search?q=${q}&pageSize=20`, undefined, {
        authorization: `Bearer ${token}`,
      });
      return res.status === 200;
    };
    console.log(
      `bench/article-search: ${items.length} laws, ${articles} articles; ${TERMS.length} terms; closed loop; ${SECONDS}s per level after 3s warm-up`,
    );
    console.log(`machine: ${cpus().length} cores, node ${process.version}`);
    for (const c of LEVELS) {
      await closedLoop(c, 3000, send);
      console.log(report(`${c} clients`, await closedLoop(c, SECONDS * 1000, send)));
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
