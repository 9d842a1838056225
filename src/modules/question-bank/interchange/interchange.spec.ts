import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAiken } from './aiken';
import { readGift } from './gift';
import { UnreadableFile, readMoodle } from './moodle';
import { readWordQuestions } from './word';

const FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'question-interchange',
);

describe('question interchange readers', () => {
  it('reads a Moodle XML file another system exported: types, answers, HTML, categories', () => {
    const drafts = readMoodle(readFileSync(join(FIXTURES, 'moodle-foreign.xml'), 'utf8'));
    expect(drafts.map((d) => d.type)).toEqual([
      'single_choice',
      'multiple_choice',
      'true_false',
      'fill_blank',
      'short_answer',
    ]);
    const [mc, multi, tf, fill, essay] = drafts;
    expect(mc).toMatchObject({
      code: 'XF-MC-001',
      item: '受理时限',
      stem: '信访事项应当自收到之日起 多少日 内决定是否受理？',
      options: ['7日', '15日', '30日'],
      answer: 'B',
      explanation: '办法第二条规定，应当自收到之日起15日内决定是否受理。',
      tags: ['受理', '时限'],
      basis: [{ law: '示范市信访工作办法', articles: [2] }],
      problems: [],
    });
    expect(mc.line).toBeGreaterThan(30);
    expect(multi).toMatchObject({ answer: ['A', 'B'], code: undefined });
    expect(tf).toMatchObject({ answer: 'B' });
    // the first full-mark answer is the standard one, the others synonyms; 50% is not accepted
    expect(fill).toMatchObject({ answer: [['15']], synonyms: [['十五']] });
    expect(essay).toMatchObject({ answer: '应当书面告知信访人。', keywords: [] });
  });

  it('refuses what is not Moodle XML with the line of the fault, and DTDs outright', () => {
    expect(() => readMoodle('<quiz>\n<question type="truefalse">\n</quiz>')).toThrow(
      /第 3 行 XML 格式错误/,
    );
    expect(() => readMoodle('<root/>')).toThrow(UnreadableFile);
    expect(() => readMoodle('<!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>')).toThrow(/DTD/);
  });

  it('reads GIFT with tags, weights, embedded blanks, and reports a broken question at its line', () => {
    const drafts = readGift(
      [
        '$CATEGORY: $course$/top/示范市信访工作办法/第二条',
        '',
        '// [id:G-1] [tag:受理] [tag:难度：2]',
        '::G-1::信访事项应当自收到之日起多少日内决定是否受理？{',
        '=15日',
        '~7日',
        '####应当自收到之日起15日内决定。',
        '}',
        '',
        '::G-2::不予受理时应当：{~%50%书面告知 ~%50%告知信访人 ~%-100%不予理睬}',
        '',
        '::G-3::信访事项应当自收到之日起 {=十五日 =15日} 内决定是否受理。',
        '',
        '::G-4::不予受理的无须告知。{',
        '=T',
      ].join('\n'),
    );
    expect(drafts).toHaveLength(4);
    expect(drafts[0]).toMatchObject({
      line: 4,
      code: 'G-1',
      type: 'single_choice',
      answer: 'A',
      difficulty: 2,
      tags: ['受理'],
      basis: [{ law: '示范市信访工作办法', articles: [2] }],
    });
    expect(drafts[1]).toMatchObject({ type: 'multiple_choice', answer: ['A', 'B'] });
    expect(drafts[2]).toMatchObject({
      type: 'fill_blank',
      stem: '信访事项应当自收到之日起____内决定是否受理。',
      answer: [['十五日']],
      synonyms: [['15日']],
    });
    expect(drafts[3].line).toBe(15);
    expect(drafts[3].problems[0]).toMatch(/^GIFT 格式错误/);
  });

  it('reads Aiken with our 解析/依据 lines and reports a bad line by number', () => {
    const drafts = readAiken(
      [
        '信访事项应当自收到之日起多少日内决定是否受理？',
        'A. 7日',
        'B. 15日',
        'ANSWER: B',
        '解析：应当自收到之日起15日内决定。',
        '依据：《示范市信访工作办法》第二条',
        '',
        '不予受理的应当如何告知？',
        'A) 口头',
        'C) 书面',
        'ANSWER: B',
      ].join('\n'),
    );
    expect(drafts[0]).toMatchObject({
      line: 1,
      answer: 'B',
      options: ['7日', '15日'],
      basis: [{ law: '示范市信访工作办法', articles: [2] }],
      problems: [],
    });
    expect(drafts[1].line).toBe(8);
    expect(drafts[1].problems).toEqual(['第 10 行：选项应为 B，而不是 C']);
  });

  it('reads a Word question file in the office layout: headings give the type', () => {
    const text = [
      '示范题库',
      '一、单选题（每题2分）',
      '1. 信访事项应当自收到之日起多少日内决定是否受理？',
      'A. 7日',
      'B. 15日',
      '答案：B',
      '依据：《示范市信访工作办法》第二条',
      '2、不予受理的，应当如何告知信访人？',
      'A．口头告知  B．书面告知  C．不告知',
      '答案：B',
      '解析：应当书面告知信访人。',
      '依据：《示范市信访工作办法》第二条',
      '二、多选题',
      '（1）不予受理时应当：',
      'A、书面告知',
      'B、告知信访人',
      'C、不予理睬',
      '答案：A、B',
      '依据：《示范市信访工作办法》第二条',
      '三、判断题',
      '1. 不予受理的无须告知信访人。',
      '答案：×',
      '依据：《示范市信访工作办法》第二条',
      '四、填空题',
      '1. 信访事项应当自收到之日起____日内决定，不予受理的应当____告知。',
      '答案：15|十五；书面',
      '依据：《示范市信访工作办法》第二条',
      '五、简答题',
      '1. 简述不予受理的处理要求。',
      '答案：应当：',
      '1. 书面告知；',
      '2. 告知信访人。',
      '评分要点：书面；告知',
      '依据：《示范市信访工作办法》第二条',
      '2. 没有答案的一题，题干足够长。',
    ].join('\n\n');
    const drafts = readWordQuestions(text);
    expect(drafts.map((d) => [d.type, d.item])).toEqual([
      ['single_choice', '单选题第 1 题'],
      ['single_choice', '单选题第 2 题'],
      ['multiple_choice', '多选题第 1 题'],
      ['true_false', '判断题第 1 题'],
      ['fill_blank', '填空题第 1 题'],
      ['short_answer', '简答题第 1 题'],
      ['short_answer', '简答题第 2 题'],
    ]);
    expect(drafts[1]).toMatchObject({ options: ['口头告知', '书面告知', '不告知'], answer: 'B' });
    expect(drafts[2]).toMatchObject({ answer: ['A', 'B'] });
    expect(drafts[3]).toMatchObject({ answer: 'B' });
    expect(drafts[4]).toMatchObject({ answer: [['15', '十五'], ['书面']] });
    expect(drafts[5]).toMatchObject({
      answer: '应当：\n1. 书面告知；\n2. 告知信访人。',
      keywords: ['书面', '告知'],
      problems: [],
    });
    expect(drafts[6]).toMatchObject({ line: 35, problems: ['缺少“答案：”'] });
  });
});
