/**
 * bench/export-pages: how many pages each Excel export prints, as LibreOffice converts it to PDF
 * (A4, the page setup written into the workbook). Figures, not a test: LibreOffice is not part of
 * the test environment, and the tests check the page setup in the sheet XML itself.
 *
 * Data: the demo bureau (示范市信访局, 29 staff, seeded on an empty database by the API itself,
 * with the bundled question bank) and an active plan for this year (40 hours). Exports: the
 * roster, the question bank, the unit workbook (worker in process, APP_ROLE=all) and the
 * dossier of the fourth demo staff member; and the annual report (Word) with the fonts
 * LibreOffice chose for it.
 *
 *   npm run bench:export-pages   (needs `soffice` on PATH; BENCH_DB, default
 *                                 xuefa_bench_export_pages; BENCH_PORT, default 3917;
 *                                 BENCH_OUT=dir keeps the .xlsx and .pdf files there)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_STAFF } from '../src/modules/demo/demo-data';
import { dbUrl, httpJson, recreateDatabase, startApp, stopProcess } from './lib';

const DB = process.env.BENCH_DB ?? 'xuefa_bench_export_pages';
const PORT = process.env.BENCH_PORT ?? '3917';
const BASE = `http://127.0.0.1:${PORT}`;
const OUT = process.env.BENCH_OUT ?? mkdtempSync(join(tmpdir(), 'export-pages-'));
const NEW_PASSWORD = '学法考法-2026a';

function download(path: string, token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${BASE}${path}`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`${path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function signIn(staffNo: string): Promise<string> {
  const first = await httpJson('POST', `${BASE}/auth/login`, { staffNo, password: DEMO_PASSWORD });
  const token = (first.body as { accessToken: string }).accessToken;
  const changed = await httpJson(
    'POST',
    `${BASE}/auth/password`,
    { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD },
    { authorization: `Bearer ${token}` },
  );
  return (changed.body as { accessToken: string }).accessToken;
}

/** Pages of a PDF: its page objects. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** The fonts a PDF embeds (what LibreOffice substituted for the fonts the file names). */
function pdfFonts(pdf: Buffer): string[] {
  const names = pdf.toString('latin1').match(/\/BaseFont\s*\/([^\s/>]+)/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/^\/BaseFont\s*\/([A-Z]{6}\+)?/, '')))];
}

function toPdf(name: string, ext: string, file: Buffer): Buffer {
  const path = join(OUT, `${name}.${ext}`);
  writeFileSync(path, file);
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', OUT, path], {
    stdio: 'ignore',
    timeout: 180_000,
  });
  const pdf = readdirSync(OUT).find((f) => f === `${name}.pdf`);
  if (!pdf) throw new Error(`LibreOffice wrote no PDF for ${name}`);
  return readFileSync(join(OUT, pdf));
}

async function main() {
  await recreateDatabase(DB);
  const app = await startApp({
    PORT,
    APP_ROLE: 'all',
    DATABASE_URL: dbUrl(DB),
    MIGRATION_DATABASE_URL: dbUrl(DB),
    REDIS_PREFIX: `bench-export-pages-${process.pid}`,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
  });
  try {
    const byRole = (role: string) => DEMO_STAFF.find((s) => s.roles?.includes(role as never));
    const admin = await signIn(byRole('admin')?.staffNo ?? '');
    const hr = await signIn(byRole('hr')?.staffNo ?? '');
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const units = (await httpJson('GET', `${BASE}/org-units`, undefined, auth(admin))).body as {
      items: { id: string; name: string }[];
    };
    const list = units.items;
    const bureau = list.find((u) => u.name === '示范市信访局');
    if (!bureau) throw new Error('no demo bureau');
    const year = new Date().getFullYear();
    const plan = await httpJson(
      'POST',
      `${BASE}/plans`,
      { unitId: bureau.id, year, title: `${year}年度学法考法计划`, requiredHours: 40 },
      auth(admin),
    );
    const planId = (plan.body as { id: string }).id;
    await httpJson('PATCH', `${BASE}/plans/${planId}`, { status: 'active' }, auth(admin));

    const files: [string, Buffer][] = [];
    files.push(['roster', await download('/staff/export', admin)]);
    files.push(['questions', await download('/questions/export', admin)]);

    const made = await httpJson(
      'POST',
      `${BASE}/exports`,
      { kind: 'unit_workbook', unitId: bureau.id, year },
      auth(hr),
    );
    const first = DEMO_STAFF[3];
    const me = (await httpJson('GET', `${BASE}/staff?q=${first.staffNo}`, undefined, auth(admin)))
      .body as { items: { id: string }[] };
    const dossier = await httpJson(
      'POST',
      `${BASE}/exports`,
      { kind: 'dossier', staffId: me.items[0]?.id, year },
      auth(hr),
    );
    for (const [name, res] of [
      ['unit-workbook', made],
      ['dossier', dossier],
    ] as const) {
      const id = (res.body as { id?: string }).id;
      if (!id) throw new Error(`${name}: ${JSON.stringify(res.body)}`);
      for (;;) {
        const s = (await httpJson('GET', `${BASE}/exports/${id}`, undefined, auth(hr))).body as {
          status: string;
        };
        if (s.status === 'done') break;
        if (s.status === 'failed') throw new Error(`${name} failed`);
        await new Promise((r) => setTimeout(r, 200));
      }
      files.push([name, await download(`/exports/${id}/file`, hr)]);
    }

    const report = await download(`/plans/${planId}/report?format=docx`, hr);

    process.stdout.write(`printed pages (LibreOffice PDF, A4), files in ${OUT}\n`);
    for (const [name, file] of files) {
      const pages = pdfPages(toPdf(name, 'xlsx', file));
      process.stdout.write(`${name.padEnd(14)} ${String(pages).padStart(5)} pages\n`);
    }
    const pdf = toPdf('annual-report', 'docx', report);
    process.stdout.write(
      `${'annual-report'.padEnd(14)} ${String(pdfPages(pdf)).padStart(5)} pages, fonts: ${pdfFonts(pdf).join(', ')}\n`,
    );
  } catch (err) {
    process.stderr.write(app.output());
    throw err;
  } finally {
    await stopProcess(app);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
