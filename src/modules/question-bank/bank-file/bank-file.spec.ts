import { parseLawText } from '../../curriculum';
import type { BankFile, BankQuestion } from './bank-file';
import { asksForArticleNumber, checkBankFiles, questionProblems } from './bank-file';

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

describe('asksForArticleNumber', () => {
  it.each([
    ['a 第几条 stem', q({ stem: '信访人推选代表的人数上限规定在条例第几条？' })],
    ['a which-article stem', q({ stem: '关于打击报复信访人的禁止，条例的哪一条作出了规定？' })],
    ['a 规定在 stem', q({ stem: '“任何组织和个人不得打击报复信访人”规定在条例的哪里？第____条' })],
    [
      'options that are bare article numbers',
      q({ stem: '关于走访代表人数的规定见于：', options: ['第十八条', '第二十条', '条例第22条'] }),
    ],
    [
      'a fill-in whose answer is an article number',
      q({
        type: 'fill_blank',
        stem: '信访人代表人数不超过5人，这是条例____的规定。',
        options: undefined,
        answer: [['第二十条', '第20条']],
      }),
    ],
    [
      'a short answer that is an article number',
      q({ type: 'short_answer', options: undefined, answer: '《信访工作条例》第二十条第三款' }),
    ],
  ])('flags %s', (_, question) => {
    expect(asksForArticleNumber(question)).toBe(true);
  });

  it.each([
    ['a substantive stem', q()],
    [
      'a stem with 规定在 and a time limit',
      q({ stem: '条例规定在15日内处理，第二次来信时应当如何办理？' }),
    ],
    ['哪一条件 (a condition, not an article)', q({ stem: '公务员须符合下列哪一条件？' })],
    [
      'a stem that cites an article and asks what it requires',
      q({ stem: '依据条例第二十条，多人走访提出共同信访事项的，代表人数不得超过多少人？' }),
    ],
    [
      'options that mention articles among other words',
      q({ options: ['依照第二十条推选代表', '第二十条', '不必推选代表'] }),
    ],
  ])('does not flag %s', (_, question) => {
    expect(asksForArticleNumber(question)).toBe(false);
  });
});
