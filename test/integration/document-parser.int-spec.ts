import { AppError } from '../../src/common/errors';
import { DocumentParser } from '../../src/common/files/document-parser';
import type { AppConfig } from '../../src/config';
import { fixtureDocx } from '../factories/law-fixtures';
import { denseWorkbook, docxBomb, libreOfficeWorkbook } from '../factories/upload-fixtures';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const errors = {
  invalid: (reason: string) => new AppError('TEST.INVALID', 422, reason),
  tooManyRows: (rows: number, max: number) =>
    new AppError('TEST.TOO_MANY_ROWS', 422, `${rows} > ${max}`),
};

/** The parse child's limits, with the app's configuration. */
describe('DocumentParser (integration)', () => {
  let t: TestApp;
  let parser: DocumentParser;

  beforeAll(async () => {
    t = await createTestApp({ env: { PARSE_WORKERS: '1' } });
    parser = t.get(DocumentParser);
  });
  afterAll(() => t.close());

  it('stops a parse that takes longer than PARSE_TIMEOUT_SECONDS with 422', async () => {
    // the app's configuration with PARSE_TIMEOUT_SECONDS=1 (the time counts the child's start)
    const config = Object.create(t.config, {
      parsing: { value: { ...t.config.parsing, timeoutMs: 1000 } },
    }) as AppConfig;
    const impatient = new DocumentParser(config);
    const slow = await denseWorkbook('题目', ['编号', '题型'], 100_000);
    await expect(
      impatient.workbook(slow, { sheet: '题目', maxRows: 10, errors }),
    ).rejects.toMatchObject({ code: 'COMMON.FILE_TOO_COMPLEX', status: 422 });
  });

  it('reads only the rows a sheet has, and refuses more rows than allowed before returning any', async () => {
    const rows = [['编号', '题型'], ...Array.from({ length: 12 }, (_, i) => [`Q${i}`, '单选题'])];
    const file = await libreOfficeWorkbook('题目', rows);
    const book = await parser.workbook(file, { sheet: '题目', maxRows: 12, errors });
    expect(book.header).toEqual({ 编号: 1, 题型: 2 });
    expect(book.rows.map((r) => r.row)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    await expect(
      parser.workbook(file, { sheet: '题目', maxRows: 11, errors }),
    ).rejects.toMatchObject({ code: 'TEST.TOO_MANY_ROWS', message: '12 > 11' });
  });

  it('runs parses one after another when PARSE_WORKERS is 1, each answered', async () => {
    const file = await libreOfficeWorkbook('题目', [['编号'], ['A'], ['B']]);
    const all = await Promise.all(
      [1, 2, 3].map(() => parser.workbook(file, { sheet: '题目', maxRows: 10, errors })),
    );
    expect(all.map((b) => b.rows.length)).toEqual([2, 2, 2]);
  });

  it('refuses a Word text longer than LAW_TEXT_MAX_BYTES, measured on the text mammoth extracts', async () => {
    const config = Object.create(t.config, {
      parsing: { value: { ...t.config.parsing, lawTextMaxBytes: 65_536 } },
    }) as AppConfig;
    const strict = new DocumentParser(config);
    const wordErrors = {
      invalid: (reason: string) => new AppError('TEST.INVALID', 422, reason),
      tooLong: (size: string, limit: string) =>
        new AppError('TEST.TOO_LONG', 413, `${size} > ${limit}`),
    };
    // 300 KB of XML, about 210 KB of text: within the zip limits, over the text limit
    await expect(strict.wordText(await docxBomb(300_000), wordErrors)).rejects.toMatchObject({
      code: 'TEST.TOO_LONG',
      message: expect.stringMatching(/^\d+\.\d KB > 64\.0 KB$/),
    });
    await expect(strict.wordText(await fixtureDocx(), wordErrors)).resolves.toContain('示范法');
  });

  it('words a file that is not a workbook through the caller', async () => {
    await expect(
      parser.workbook(Buffer.from('not a zip'), { sheet: '题目', maxRows: 10, errors }),
    ).rejects.toMatchObject({ code: 'TEST.INVALID' });
  });
});
