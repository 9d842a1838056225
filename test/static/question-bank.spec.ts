import { join } from 'node:path';
import type { BankFile, BankQuestion } from '../../src/modules/question-bank/bank-file/bank-file';
import {
  asksForArticleNumber,
  checkBankFiles,
} from '../../src/modules/question-bank/bank-file/bank-file';
import { LETTERS, QUESTION_TYPES } from '../../src/modules/question-bank/question-content';
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

/** Tag of the case-based questions (issue: data fidelity and fairness, item 14). */
const SCENARIO = '情景题';
const active = (q: BankQuestion) => (q.status ?? 'active') === 'active';
/** An article named by number: 第五条, 第二十七条, 第1234条. */
const NAMES_ARTICLE = /第[一二三四五六七八九十百千零〇\d]+条/;

describe('the bundled question bank asks about the law, not its numbering', () => {
  it('has at least 60 active scenario questions (情景题), at least 8 on every law of the bank, in all four forms', () => {
    const perLaw = files.map((f) => {
      const content = f.content as BankFile;
      return {
        law: content.law.title,
        scenarios: content.questions.filter((q) => active(q) && q.tags?.includes(SCENARIO)).length,
        types: new Set(
          content.questions.filter((q) => q.tags?.includes(SCENARIO)).map((q) => q.type),
        ),
      };
    });
    const total = perLaw.reduce((n, l) => n + l.scenarios, 0);
    expect(perLaw.length).toBeGreaterThanOrEqual(7);
    expect(perLaw.filter((l) => l.scenarios < 8)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(60);
    // a mix of forms on every law: choice, multiple choice, true/false and a case to argue
    const mixed = ['single_choice', 'multiple_choice', 'true_false', 'short_answer'] as const;
    expect(
      perLaw.filter((l) => !mixed.every((type) => l.types.has(type))).map((l) => l.law),
    ).toEqual([]);
  });

  it('writes scenario questions as situations: a case of some length, no article number in the stem, 评分要点 for short answers', () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const q of (f.content as BankFile).questions) {
        if (!q.tags?.includes(SCENARIO)) continue;
        if ([...q.stem].length < 40) problems.push(`${q.code}: stem too short for a case`);
        if (NAMES_ARTICLE.test(q.stem)) problems.push(`${q.code}: stem names an article`);
        if (q.type === 'short_answer' && (q.keywords?.length ?? 0) < 2)
          problems.push(`${q.code}: short answer without 评分要点 (keywords)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps no active question that only asks for an article number (第几条, which article, bare numbers as options)', () => {
    const flagged = files.flatMap((f) =>
      (f.content as BankFile).questions
        .filter((q) => active(q) && asksForArticleNumber(q))
        .map((q) => `${q.code}: ${q.stem}`),
    );
    expect(flagged).toEqual([]);
  });

  it('names no article (条) in the stem, options or reference answer of any active question: it asks what the law says, not where', () => {
    const texts = (q: BankQuestion) => [
      q.stem,
      ...(q.options ?? []),
      ...[q.answer].flat(2).filter((a): a is string => typeof a === 'string'),
    ];
    const flagged = files.flatMap((f) =>
      (f.content as BankFile).questions
        .filter((q) => active(q) && texts(q).some((s) => NAMES_ARTICLE.test(s)))
        .map((q) => `${q.code}: ${q.stem}`),
    );
    expect(flagged).toEqual([]);
  });
});

/*
 * Form cues (issue: data fidelity, items 11 and 12). A candidate who knows nothing of the law must
 * not be able to score by where the key sits or how it is worded. The bank is fixed data, so these
 * thresholds are not about flakiness; they are loose enough that an honestly shuffled bank passes
 * and tight enough that the patterns the issue found fail.
 */

/** 95% points of the chi-square distribution, by degrees of freedom 1–7. */
const CHI_SQUARE_95 = [3.841, 5.991, 7.815, 9.488, 11.07, 12.592, 14.067];

/** Words that, when only wrong options carry them, give the key away. */
const ABSOLUTE_WORDS = /只|仅|一律|无论|任何/;

const letterOf = (i: number) => LETTERS[i] ?? '?';
const questionsOf = (type: string) =>
  files.map((f) => {
    const content = f.content as BankFile;
    return {
      law: content.law.title,
      questions: content.questions.filter((q) => q.type === type),
    };
  });

/** Single-choice key positions: chi-square against "every option equally likely", unused letters. */
function singleChoicePositionProblems(questions: BankQuestion[]): string[] {
  if (questions.length === 0) return [];
  const width = Math.max(...questions.map((q) => q.options?.length ?? 0));
  const observed = new Array<number>(width).fill(0);
  const expected = new Array<number>(width).fill(0);
  for (const q of questions) {
    const n = q.options?.length ?? 0;
    observed[LETTERS.indexOf(q.answer as string)] += 1;
    for (let i = 0; i < n; i++) expected[i] += 1 / n;
  }
  const used = expected
    .map((e, i) => ({ letter: letterOf(i), o: observed[i], e }))
    .filter((x) => x.e > 0);
  const chi = used.reduce((sum, x) => sum + (x.o - x.e) ** 2 / x.e, 0);
  const problems: string[] = [];
  const critical = CHI_SQUARE_95[used.length - 2];
  if (critical !== undefined && chi > critical) {
    problems.push(
      `single-choice keys unevenly placed (${used.map((x) => `${x.letter}=${x.o}`).join(' ')}, chi-square ${chi.toFixed(1)} > ${critical})`,
    );
  }
  for (const x of used) {
    if (x.o === 0 && x.e >= 3) problems.push(`single-choice key never ${x.letter}`);
  }
  return problems;
}

/** Multiple-choice keys: no letter in every key that offers it, none offered often but never right. */
function multipleChoiceLetterProblems(questions: BankQuestion[]): string[] {
  if (questions.length < 4) return [];
  const problems: string[] = [];
  for (const letter of LETTERS) {
    const offering = questions.filter((q) => LETTERS.indexOf(letter) < (q.options?.length ?? 0));
    if (offering.length === 0) continue;
    const keyed = offering.filter((q) => (q.answer as string[]).includes(letter)).length;
    if (keyed === offering.length && offering.length >= 4) {
      problems.push(`multiple-choice key always contains ${letter} where it is offered`);
    }
    if (keyed === 0 && offering.length >= 5)
      problems.push(`multiple-choice key never contains ${letter}`);
  }
  return problems;
}

/**
 * True/false keys in code order: the Wald–Wolfowitz runs test (too many runs is alternation, too
 * few is clustering; |z| ≥ 2.33 is about p < 0.02 two-sided), and no strictly alternating stretch
 * or run of one answer as long as eight questions.
 */
function trueFalseSequenceProblems(questions: BankQuestion[]): string[] {
  const seq = questions.map((q) => q.answer === true);
  const n = seq.length;
  if (n < 6) return [];
  const t = seq.filter(Boolean).length;
  const f = n - t;
  let runs = 1;
  let alternating = 1;
  let longestAlternating = 1;
  let same = 1;
  let longestSame = 1;
  for (let i = 1; i < n; i++) {
    const changed = seq[i] !== seq[i - 1];
    if (changed) runs += 1;
    alternating = changed ? alternating + 1 : 1;
    same = changed ? 1 : same + 1;
    longestAlternating = Math.max(longestAlternating, alternating);
    longestSame = Math.max(longestSame, same);
  }
  const word = seq.map((v) => (v ? 'T' : 'F')).join('');
  const problems: string[] = [];
  if (t > 0 && f > 0) {
    const mean = (2 * t * f) / n + 1;
    const variance = (2 * t * f * (2 * t * f - n)) / (n * n * (n - 1));
    const z = (runs - mean) / Math.sqrt(variance);
    if (Math.abs(z) >= 2.33) {
      problems.push(
        `true/false keys ${z > 0 ? 'alternate' : 'cluster'} in code order (${word}, z = ${z.toFixed(2)})`,
      );
    }
  }
  if (longestAlternating >= 8)
    problems.push(
      `true/false keys strictly alternate over ${longestAlternating} questions (${word})`,
    );
  if (longestSame >= 8)
    problems.push(`true/false keys repeat over ${longestSame} questions (${word})`);
  return problems;
}

const lengthOf = (s: string) => [...s].length;

describe('the bundled question bank gives no key away by its form', () => {
  it('places keys without a pattern in every law: single-choice positions even, no multiple-choice letter in every key, true/false not alternating', () => {
    const sc = questionsOf('single_choice');
    const mc = questionsOf('multiple_choice');
    const tf = questionsOf('true_false');
    const problems = sc.map(({ law, questions }, i) => ({
      law,
      problems: [
        ...singleChoicePositionProblems(questions),
        ...multipleChoiceLetterProblems(mc[i]?.questions ?? []),
        ...trueFalseSequenceProblems(tf[i]?.questions ?? []),
      ],
    }));
    expect(problems.filter((p) => p.problems.length > 0)).toEqual([]);
  });

  it('places keys without a pattern among the scenario questions (情景题) alone, as a paper drawn by that tag would', () => {
    const scenarios = (type: string) =>
      questionsOf(type).flatMap(({ questions }) =>
        questions.filter((q) => q.tags?.includes(SCENARIO)),
      );
    const singles = scenarios('single_choice');
    const problems = [
      ...singleChoicePositionProblems(singles),
      ...multipleChoiceLetterProblems(scenarios('multiple_choice')),
      ...trueFalseSequenceProblems(scenarios('true_false')),
    ];
    expect(problems).toEqual([]);
    const longest = singles.filter((q) => {
      const options = q.options ?? [];
      const key = LETTERS.indexOf(q.answer as string);
      return options.every((o, i) => i === key || lengthOf(o) < lengthOf(options[key] ?? ''));
    });
    expect({ longest: longest.length, share: longest.length / singles.length <= 0.3 }).toEqual({
      longest: longest.length,
      share: true,
    });
  });

  it('does not make the single-choice key the longest option more often than chance would', () => {
    let longest = 0;
    let total = 0;
    const conspicuous: string[] = [];
    for (const { questions } of questionsOf('single_choice')) {
      for (const q of questions) {
        const options = q.options ?? [];
        const key = LETTERS.indexOf(q.answer as string);
        const keyLength = lengthOf(options[key] ?? '');
        const rival = Math.max(...options.filter((_, i) => i !== key).map(lengthOf));
        total += 1;
        if (keyLength > rival) longest += 1;
        // Half as long again as every distractor (and visibly so) is a giveaway on its own.
        if (keyLength >= 1.5 * rival && keyLength - rival >= 6) conspicuous.push(q.code);
      }
    }
    expect(conspicuous).toEqual([]);
    expect({ longest, total, share: longest / total <= 0.3 }).toEqual({
      longest,
      total,
      share: true,
    });
  });

  it('does not reserve absolute words (只、仅、一律、无论、任何) for wrong options', () => {
    const counts = { distractors: 0, absoluteDistractors: 0, keys: 0, absoluteKeys: 0 };
    for (const type of ['single_choice', 'multiple_choice']) {
      for (const { questions } of questionsOf(type)) {
        for (const q of questions) {
          const keys = Array.isArray(q.answer) ? (q.answer as string[]) : [q.answer as string];
          (q.options ?? []).forEach((option, i) => {
            const absolute = ABSOLUTE_WORDS.test(option) ? 1 : 0;
            if (keys.includes(letterOf(i))) {
              counts.keys += 1;
              counts.absoluteKeys += absolute;
            } else {
              counts.distractors += 1;
              counts.absoluteDistractors += absolute;
            }
          });
        }
      }
    }
    const inDistractors = counts.absoluteDistractors / counts.distractors;
    const inKeys = counts.absoluteKeys / counts.keys;
    // At most 1% of distractors, or not much more often than in keys.
    expect({ counts, giveaway: inDistractors > Math.max(0.01, 1.5 * inKeys) }).toEqual({
      counts,
      giveaway: false,
    });
  });
});
