import { join } from 'node:path';
import type { BankFile } from '../../src/modules/question-bank/bank-file/bank-file';
import {
  QUESTION_TYPES,
  checkBankFiles,
} from '../../src/modules/question-bank/bank-file/bank-file';
import {
  bankFilePaths,
  readBankFiles,
  readLawTexts,
} from '../../src/modules/question-bank/bank-file/bank-files';
import { SHARED_LAWS_DIR, itWithLaws } from '../utils/shared-laws';

const BANK_DIR = join(__dirname, '..', '..', 'question-bank');
const files = readBankFiles(bankFilePaths(BANK_DIR));

/** Minimum questions per law (issue: curriculum and question bank). */
const MINIMUM: Record<string, number> = {
  信访工作条例: 150,
  中华人民共和国民法典: 80,
  中华人民共和国宪法: 40,
  中华人民共和国公务员法: 40,
  中华人民共和国国家安全法: 30,
  中华人民共和国个人信息保护法: 40,
  中华人民共和国行政复议法: 20,
};

describe('the bundled question bank', () => {
  const result = checkBankFiles(files);

  it('passes the schema and every rule: keys among the options, blanks, unique codes, no duplicate stems, articles in range', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('has at least 400 questions, with the minimum for every law', () => {
    const total = files.reduce((n, f) => n + (f.content as BankFile).questions.length, 0);
    expect(total).toBeGreaterThanOrEqual(400);
    for (const [law, min] of Object.entries(MINIMUM)) {
      const byType = result.counts[law];
      expect({
        law,
        count: byType ? Object.values(byType).reduce((a, b) => a + b, 0) >= min : false,
      }).toEqual({
        law,
        count: true,
      });
    }
  });

  it('uses every type, and per law at least 10% multiple choice and 10% true/false', () => {
    const all = Object.values(result.counts);
    for (const type of QUESTION_TYPES) expect(all.some((c) => c[type] > 0)).toBe(true);
    for (const [law, c] of Object.entries(result.counts)) {
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      expect({
        law,
        mc: c.multiple_choice / total >= 0.1,
        tf: c.true_false / total >= 0.1,
      }).toEqual({
        law,
        mc: true,
        tf: true,
      });
    }
  });

  it('gives every question an explanation, a reference and an evidence phrase of at most 40 characters', () => {
    for (const f of files) {
      for (const q of (f.content as BankFile).questions) {
        expect(q.explanation.length).toBeGreaterThan(4);
        expect(q.references.length).toBeGreaterThan(0);
        expect([...q.evidence].length).toBeLessThanOrEqual(40);
      }
    }
  });

  itWithLaws('finds every evidence phrase in a cited article of the authentic text', async () => {
    const laws = readLawTexts(SHARED_LAWS_DIR);
    const withText = checkBankFiles(files, laws);
    expect(withText.errors).toEqual([]);
    for (const f of files) expect(laws.has((f.content as BankFile).law.title)).toBe(true);
  });
});
