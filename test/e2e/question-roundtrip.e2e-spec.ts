import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { BundledContentService } from '../../src/modules/question-bank/bank-file/bundled-content.service';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { SHARED_LAWS_DIR, itWithLaws } from '../utils/shared-laws';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const BANK_DIR = join(__dirname, '..', '..', 'question-bank');
/**
 * A few questions of the bundled bank exported as Excel and re-saved by LibreOffice Calc
 * (`soffice --headless --convert-to xlsx`): a short answer with 评分要点 (retired), fill-ins with
 * synonyms and with blanks in any order, a tag holding 、. Made once; the tests need no LibreOffice.
 * When the bank rewords one of these questions, its text is replaced in the file's
 * xl/sharedStrings.xml, leaving the rest of what LibreOffice wrote as it was.
 */
const LIBREOFFICE_FIXTURE = join(__dirname, '..', 'fixtures', 'question-bank-libreoffice.xlsx');
const FIXTURE_CODES = ['XFTL-0066', 'XFTL-0230', 'XFTL-0273', 'GJAQ-0029', 'XFTL-0001'];
const RETIRED = ['XFTL-0066', 'XFTL-0010', 'GJAQ-0029', 'MFD-0042'];
const DRAFT = ['XFTL-0273'];

interface State {
  code: string;
  status: string;
  needs_review: boolean;
  current_revision_no: number;
}

/**
 * The whole bundled bank, some of it retired, drafted or flagged for review, exported and
 * imported back in either format: every question unchanged, every status kept.
 */
describe('question bank export → import round trip (e2e)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ env: { QUESTION_BANK_DIR: BANK_DIR } });
    const org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
  });
  afterAll(() => t.close());

  const states = () =>
    t.dataSource.query<State[]>(
      'SELECT code, status, needs_review, current_revision_no FROM question ORDER BY code',
    );
  const importFile = (content: Buffer, name: string) =>
    signedIn(t, admin).post('/questions/import').attach('file', content, name);

  /** Exports the whole bank as Excel and each law as JSON, imports each back: all unchanged. */
  const roundTrip = async (before: State[]) => {
    const excel = await signedIn(t, admin)
      .get('/questions/export')
      .responseType('blob')
      .expect(200);
    const fromExcel = await importFile(excel.body as Buffer, '题库.xlsx').expect(200);
    expect(fromExcel.body).toMatchObject({
      created: 0,
      revised: 0,
      unchanged: before.length,
      similar: [],
    });
    expect(await states()).toEqual(before);

    const laws = await t.dataSource.query<{ id: string }[]>(
      'SELECT DISTINCT r.law_id AS id FROM question_reference r',
    );
    const seen = new Set<string>();
    for (const { id } of laws) {
      const file = await signedIn(t, admin)
        .get(`/questions/export?format=json&lawId=${id}`)
        .expect(200);
      const codes = (file.body.questions as { code: string }[]).map((q) => q.code);
      codes.forEach((c) => seen.add(c));
      const fromJson = await importFile(Buffer.from(JSON.stringify(file.body)), 'bank.json').expect(
        200,
      );
      expect(fromJson.body).toMatchObject({ created: 0, revised: 0, unchanged: codes.length });
    }
    expect(seen.size).toBe(before.length);
    expect(await states()).toEqual(before);
  };

  it('reports every question unchanged and keeps retired and draft questions so, before the law texts arrive', async () => {
    const loaded = await t.get(BundledContentService).importBundledBank();
    expect(loaded.created).toBeGreaterThanOrEqual(400);
    const ids = await t.dataSource.query<{ id: string; code: string }[]>(
      'SELECT id, code FROM question WHERE code = ANY($1)',
      [[...RETIRED, ...DRAFT]],
    );
    expect(ids).toHaveLength(RETIRED.length + DRAFT.length);
    for (const { id, code } of ids) {
      await signedIn(t, admin)
        .patch(`/questions/${id}`)
        .send({ status: RETIRED.includes(code) ? 'retired' : 'draft' })
        .expect(200);
    }
    const before = await states();
    expect(before.filter((s) => s.status === 'retired')).toHaveLength(RETIRED.length);
    expect(before.filter((s) => s.status === 'draft')).toHaveLength(DRAFT.length);
    await roundTrip(before);

    // a few of the same questions after a pass through LibreOffice Calc
    const resaved = await importFile(readFileSync(LIBREOFFICE_FIXTURE), 'resaved.xlsx').expect(200);
    expect(resaved.body).toMatchObject({ created: 0, revised: 0, unchanged: FIXTURE_CODES.length });
    expect(await states()).toEqual(before);
  }, 300_000);

  itWithLaws(
    'and again with the law texts, some questions awaiting review after a law changed',
    async () => {
      await t.get(BundledContentService).importLawDir(SHARED_LAWS_DIR);
      // a new text of 信访工作条例 changes article 22: the questions citing it await review
      const text = readFileSync(join(SHARED_LAWS_DIR, '信访工作条例.md'), 'utf8').replace(
        /^(第二十二条 .*)$/m,
        '$1（示范修改）',
      );
      const v2 = await t.get(LawImportService).importText(text, { source: '信访工作条例-v2.md' });
      expect(v2).toMatchObject({ status: 'new_version', changed: [22] });
      const before = await states();
      expect(before.find((s) => s.code === 'XFTL-0066')).toMatchObject({
        status: 'retired',
        needs_review: true,
      });
      expect(before.filter((s) => s.needs_review).length).toBeGreaterThanOrEqual(2);
      await roundTrip(before);
      const resaved = await importFile(readFileSync(LIBREOFFICE_FIXTURE), 'resaved.xlsx').expect(
        200,
      );
      expect(resaved.body).toMatchObject({ revised: 0, unchanged: FIXTURE_CODES.length });
      expect(await states()).toEqual(before);
    },
    180_000,
  );
});
