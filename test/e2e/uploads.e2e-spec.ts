import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { FIXTURE_LAW, publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { fixtureDocx, fixtureLaw } from '../factories/law-fixtures';
import {
  LAST_ROW,
  denseWorkbook,
  docxBomb,
  libreOfficeWorkbook,
  lyingZip,
  workbookOf,
} from '../factories/upload-fixtures';
import type { SpawnedApp } from '../utils/spawn-app';
import { freePort, joinEnv, killHard, spawnApp } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const QUESTION_HEADER = ['编号', '题型*', '题干*', '选项A', '选项B', '答案*', '解析*', '法律依据*'];
const ROSTER_HEADER = ['工号*', '姓名*', '单位编码*', '职务', '是否党员', '入职日期*'];

/**
 * Uploads that used to crash or starve the process: a workbook saved by LibreOffice after a row
 * was deleted (rowCount 1048576), a Word zip bomb, a workbook that needs more heap than a parse
 * may have. The uploads go to a separate process (src/main.ts) sharing the in-process app's
 * database and token secret; it must answer them in the standard envelope, keep serving other
 * requests meanwhile, and stay up.
 */

// These start, load and stop whole processes: on CI's two cores, with other files running beside
// them, one test may take well over the default minute. A ceiling against hangs, not a timing.
jest.setTimeout(180_000);
describe('uploads that used to crash or starve the process (e2e, separate process)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let admin: Session;
  let app: SpawnedApp;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
    await t.get(LawImportService).importText(fixtureLaw(), { source: 'fixture.md' });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // a small parse heap, so that one test can exhaust it quickly
    app = spawnApp('main', joinEnv(t, { PORT: String(port), PARSE_WORKER_MEMORY_MB: '64' }));
    await app.waitForOutput(/listening on/);
  });
  afterAll(async () => {
    await killHard(app);
    await t?.close();
  });

  const count = async (table: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const upload = (path: string, file: Buffer, filename: string, contentType?: string) =>
    signedIn(url, admin).post(path).attach('file', file, { filename, contentType });

  /**
   * Runs an upload while asking /health one request after another; `served` counts the health
   * answers that came back before the upload's. A process that is parsing on its event loop
   * answers none of them until the parse is over; one that died answers none at all.
   */
  const whileServing = async (pending: PromiseLike<request.Response>) => {
    let done = false;
    const response = Promise.resolve(pending).finally(() => (done = true));
    let served = 0;
    while (!done) {
      const health = await request(url).get('/health');
      expect(health.status).toBe(200);
      if (!done) served += 1;
    }
    return { response: await response, served };
  };

  const stillUp = async () => {
    expect(app.proc.exitCode).toBeNull();
    await request(url).get('/health').expect(200);
  };

  it('imports questions from a LibreOffice workbook whose sheet declares row 1048576, serving other requests meanwhile', async () => {
    const rows = [
      QUESTION_HEADER,
      [
        'LO-0001',
        '单选题',
        '办法规定的受理期限从何时起算？',
        '收到之日',
        '登记之日',
        'A',
        '依据第二条。',
        `《${FIXTURE_LAW}》第二条`,
      ],
      [
        'LO-0002',
        '判断题',
        '办法对不予受理的告知方式没有要求。',
        null,
        null,
        '错误',
        '依据第二条。',
        `《${FIXTURE_LAW}》第二条`,
      ],
    ];
    const file = await libreOfficeWorkbook('题目', rows);
    // the fixture is what LibreOffice writes: exceljs reads 1048576 rows into it
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(file as unknown as ArrayBuffer);
    expect(read.worksheets[0].rowCount).toBe(LAST_ROW);
    const { response, served } = await whileServing(
      upload('/questions/import', file, '题库.xlsx', XLSX),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, revised: 0, unchanged: 0 });
    expect(served).toBeGreaterThanOrEqual(3);
    await stillUp();
  });

  it('reports every bad row of such a workbook and writes nothing', async () => {
    const before = await count('question');
    const file = await libreOfficeWorkbook('题目', [
      QUESTION_HEADER,
      [
        'LO-0003',
        '论述题',
        '这一行的题型不对啊',
        '甲',
        '乙',
        'A',
        '依据第二条。',
        `《${FIXTURE_LAW}》第二条`,
      ],
      [
        'LO-0004',
        '单选题',
        '这一行引用了不存在的条文',
        '甲',
        '乙',
        'A',
        '依据。',
        `《${FIXTURE_LAW}》第九十九条`,
      ],
      [
        'LO-0005',
        '单选题',
        '这一行没有问题，但别的行有',
        '甲',
        '乙',
        'A',
        '依据。',
        `《${FIXTURE_LAW}》第二条`,
      ],
    ]);
    const res = await upload('/questions/import', file, '题库.xlsx', XLSX).expect(422);
    expect(res.body).toMatchObject({
      code: 'QUESTIONS.IMPORT_INVALID',
      requestId: expect.any(String),
    });
    expect(
      res.body.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`),
    ).toEqual(['2:题型', '3:法律依据']);
    expect(await count('question')).toBe(before);
    await stillUp();
  });

  it('imports a LibreOffice roster with the 1048576 row, serving other requests meanwhile', async () => {
    const before = await count('staff');
    const file = await libreOfficeWorkbook('人员名单', [
      ROSTER_HEADER,
      ['LO001', '自由一', org.units.deptA1.code, '科员', '是', '2024-03-01'],
      ['LO002', '自由二', org.units.deptA2.code, null, '否', new Date(Date.UTC(2023, 8, 1))],
    ]);
    const { response, served } = await whileServing(
      upload('/staff/import', file, '名单.xlsx', XLSX),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, updated: 0 });
    expect(served).toBeGreaterThanOrEqual(3);
    expect(await count('staff')).toBe(before + 2);
    await stillUp();
  });

  it('refuses a Word zip bomb (566 KB inflating to 166 MB) from its zip directory with 413', async () => {
    const bomb = await docxBomb(166_000_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = await count('law');
    const { response, served } = await whileServing(upload('/laws/import', bomb, '示范法.docx'));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      statusCode: 413,
      code: 'COMMON.FILE_UNCOMPRESSED_TOO_LARGE',
      message: expect.stringContaining('文件解压后过大'),
      requestId: expect.any(String),
    });
    expect(served).toBeGreaterThanOrEqual(1);
    expect(await count('law')).toBe(before);
    await stillUp();
  });

  it('refuses a Word file whose zip directory understates what it inflates to', async () => {
    const liar = await lyingZip(await docxBomb(30_000_000), 'word/document.xml', 5000);
    const res = await upload('/laws/import', liar, '示范法.docx').expect(422);
    expect(res.body.code).toBe('CURRICULUM.LAW_TEXT_INVALID');
    await stillUp();
  });

  it('refuses a law text longer than LAW_TEXT_MAX_BYTES with 413', async () => {
    const text = `# 示范长法\n\n${'第一条　本办法适用于本市。\n'.repeat(200_000)}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    const res = await upload('/laws/import', Buffer.from(text), '示范长法.md').expect(413);
    expect(res.body).toMatchObject({
      code: 'CURRICULUM.LAW_TEXT_TOO_LONG',
      message: expect.stringContaining('法规文本过长'),
    });
  });

  it('still imports a sound Word law', async () => {
    const res = await upload('/laws/import', await fixtureDocx(), '示范法.docx').expect(200);
    expect(res.body).toMatchObject({ title: '中华人民共和国示范法', status: 'created' });
  });

  it('answers 422 when a workbook needs more heap than a parse may have, and stays up', async () => {
    const before = await count('question');
    const dense = await denseWorkbook('题目', QUESTION_HEADER, 150_000);
    const { response, served } = await whileServing(
      upload('/questions/import', dense, '题库.xlsx', XLSX),
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'COMMON.FILE_TOO_COMPLEX',
      message: expect.stringContaining('文件过于复杂'),
    });
    expect(served).toBeGreaterThanOrEqual(3);
    expect(await count('question')).toBe(before);
    await stillUp();
  });
});

/**
 * Answer saves while a 10 MB workbook is imported: the parse runs in a child process, so the
 * saves keep coming back while the import is still being parsed (no timings asserted; the
 * figures are in bench/import-vs-answer-save.ts).
 */
describe('answer saves during a 10 MB workbook import (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps saving answers while the workbook is parsed', async () => {
    const org = await buildOrg(t);
    const admin = await login(t, org.people.adminA);
    const sec = await login(t, org.people.secA);
    const bank = await seedBank(t, { single_choice: 1 });
    const examId = await publishExam(signedIn(t, sec), {
      unitId: org.units.bureauA.id,
      title: '导入期间的考试',
      kind: 'official',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
      durationMinutes: 60,
      audienceUnitIds: [org.units.deptA1.id],
      paperMode: 'fixed',
      questions: [{ questionId: bank.codes['EX-SI01'], points: 100 }],
    });
    const examinee = await login(t, org.people.staffA1);
    const attempt = (await signedIn(t, examinee).post(`/exams/${examId}/attempts`).expect(201)).body
      .id as string;

    const file = await tenMegabyteWorkbook();
    expect(file.length).toBeGreaterThan(9 * 1024 * 1024);
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    let done = false;
    const pending = signedIn(t, admin)
      .post('/questions/import')
      .attach('file', file, { filename: '大题库.xlsx', contentType: XLSX })
      .then((r) => {
        done = true;
        return r;
      });
    const saves: number[] = [];
    for (let seq = 1; !done; seq++) {
      const res = await signedIn(t, examinee).put(`/exam-attempts/${attempt}/answers/1`, {
        seq,
        response: [seq % 2 ? 'A' : 'B'],
      });
      if (!done) saves.push(res.status);
    }
    const imported = await pending;
    // every row names an unknown type: the whole file is reported, nothing written
    expect(imported.status).toBe(422);
    expect(imported.body.code).toBe('QUESTIONS.IMPORT_INVALID');
    expect(imported.body.details).toHaveLength(5000);
    expect(saves.length).toBeGreaterThanOrEqual(10);
    expect(new Set(saves)).toEqual(new Set([200]));
  });
});

/** 5,000 question rows of random (incompressible) text: 9.1 MiB, under UPLOAD_LIMIT_BYTES. */
async function tenMegabyteWorkbook(): Promise<Buffer> {
  const text = (n: number) => {
    const bytes = randomBytes(2 * n);
    let s = '';
    for (let i = 0; i < n; i++)
      s += String.fromCharCode(0x4e00 + (bytes.readUInt16LE(2 * i) % 20000));
    return s;
  };
  const rows = Array.from({ length: 5000 }, (_, i) => [
    `BIG-${i}`,
    '论述题',
    text(425),
    '甲',
    '乙',
    'A',
    text(425),
    `《${FIXTURE_LAW}》第二条`,
  ]);
  return workbookOf('题目', [QUESTION_HEADER, ...rows]);
}
