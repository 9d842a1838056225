import { join } from 'node:path';
import { BundledContentService } from '../../src/modules/question-bank/bank-file/bundled-content.service';
import { SHARED_LAWS_DIR, itWithLaws } from '../utils/shared-laws';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const BANK_DIR = join(__dirname, '..', '..', 'question-bank');

describe('loading the bundled question bank (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { QUESTION_BANK_DIR: BANK_DIR } });
  });
  afterAll(() => t.close());

  const scalar = async (sql: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(sql))[0].n);

  it('loads every question into an empty bank, even before the law texts exist', async () => {
    const { bank, laws } = await t.get(BundledContentService).loadAtStart();
    expect(laws).toEqual([]);
    expect(bank?.created).toBeGreaterThanOrEqual(400);
    expect(await scalar('SELECT count(*) AS n FROM question')).toBe(bank?.created);
    expect(
      await scalar(`SELECT count(*) AS n FROM question WHERE status <> 'active' OR needs_review`),
    ).toBe(0);
    // the laws are known by title, waiting for their texts
    expect(await scalar('SELECT count(*) AS n FROM law WHERE current_version_id IS NULL')).toBe(7);
    expect(
      await scalar('SELECT count(*) AS n FROM question_reference WHERE law_version_id IS NULL'),
    ).toBeGreaterThan(400);
    // a second start does not load it again
    expect((await t.get(BundledContentService).loadAtStart()).bank).toBeNull();
  });

  itWithLaws(
    'attaches every reference when the law texts arrive, and every evidence phrase checks out',
    async () => {
      const reports = await t.get(BundledContentService).importLawDir(SHARED_LAWS_DIR);
      expect(reports).toHaveLength(9);
      expect(
        await scalar('SELECT count(*) AS n FROM question_reference WHERE law_version_id IS NULL'),
      ).toBe(0);
      expect(await scalar('SELECT count(*) AS n FROM question WHERE needs_review')).toBe(0);
      expect(reports.reduce((n, r) => n + r.flaggedQuestions, 0)).toBe(0);
      // a law known only by title got its metadata from the text
      const [xfl] = await t.dataSource.query<{ category: string; promulgated_on: string | null }[]>(
        `SELECT category, promulgated_on::text FROM law WHERE title = '信访工作条例'`,
      );
      expect(xfl).toEqual({ category: 'administrative_regulation', promulgated_on: '2022-01-24' });
    },
    60_000,
  );
});
