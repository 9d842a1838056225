import { parseLawText } from '../../curriculum/law-text/law-text-parser';
import type { BankFile, BankQuestion } from './bank-file';
import { checkBankFiles, questionProblems } from './bank-file';

const law = parseLawText(
  `# 示例条例\n\n<!-- INFO END -->\n\n第一条 信访事项应当在15日内告知。\n\n第二条 本条例自公布之日起施行。`,
);
const laws = new Map([['示例条例', law]]);

const q = (over: Partial<BankQuestion> = {}): BankQuestion => ({
  code: 'SL-0001',
  type: 'single_choice',
  stem: '示例条例规定告知的期限是多少？',
  options: ['15日', '30日', '60日'],
  answer: 'A',
  explanation: '依据第一条。',
  difficulty: 2,
  references: [{ articles: [1] }],
  evidence: '应当在15日内告知',
  ...over,
});

const file = (
  questions: BankQuestion[],
  articleCount = 2,
): { name: string; content: BankFile } => ({
  name: 'f.json',
  content: { law: { title: '示例条例', articleCount }, questions },
});

describe('checkBankFiles', () => {
  it('accepts a sound file and counts types', () => {
    const r = checkBankFiles([file([q()])], laws);
    expect(r.errors).toEqual([]);
    expect(r.counts['示例条例'].single_choice).toBe(1);
  });

  it.each([
    ['a schema violation', [q({ difficulty: 9 })], /schema/],
    ['a key not among the options', [q({ answer: 'D' })], /not among the options/],
    ['a duplicate code', [q(), q({ stem: '另一个不同的题干内容' })], /also used/],
    [
      'a duplicate stem',
      [q(), q({ code: 'SL-0002', stem: '示例条例规定告知的期限是多少?' })],
      /duplicates/,
    ],
    ['an article out of range', [q({ references: [{ articles: [3] }] })], /outside/],
    ['evidence not in the article', [q({ evidence: '应当在30日内告知' })], /does not occur/],
    [
      'a fill-in whose blanks and answers differ',
      [
        q({
          type: 'fill_blank',
          options: undefined,
          stem: '告知期限为____和____',
          answer: [['15日']],
        }),
      ],
      /blank/,
    ],
    ['a true/false with options', [q({ type: 'true_false', answer: true })], /schema/],
  ])('reports %s', (_name, questions, message) => {
    const r = checkBankFiles([file(questions)], laws);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('checks the article count against the text when it has one', () => {
    expect(checkBankFiles([file([q()], 5)], laws).errors[0].message).toMatch(/articleCount/);
    expect(checkBankFiles([file([q()], 5)]).errors).toEqual([]);
  });

  it('reports nearly identical stems as warnings', () => {
    const r = checkBankFiles([
      file([
        q({ stem: '根据示例条例，有关机关告知信访人的期限是多少日？' }),
        q({ code: 'SL-0002', stem: '根据示例条例，有关机关告知信访人的期限为多少日？' }),
      ]),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['SL-0002']);
  });

  it('questionProblems flags repeated options', () => {
    expect(
      questionProblems({ type: 'single_choice', stem: 'x', options: ['甲', '甲 '], answer: 'A' }),
    ).toEqual(['two options are the same']);
  });
});
