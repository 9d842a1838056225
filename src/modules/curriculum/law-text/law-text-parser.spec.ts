import { LawParseError, flattenNodes, parseLawText } from './law-text-parser';

const md = (body: string) => `# 示例条例

2022年1月24日 某某会议审议批准

2022年2月25日 某某发布

<!-- INFO END -->

${body}`;

describe('parseLawText', () => {
  it('reads title, dated events, chapters, articles, paragraphs and items', () => {
    const law = parseLawText(
      md(`## 第一章 总则

第一条 为了规范示例工作，制定本条例。

第二条 本条例适用于：

（一）甲；

（二）乙。

## 第二章 附则

第三条 本条例自2022年5月1日起施行。`),
    );
    expect(law.title).toBe('示例条例');
    expect(law.events).toEqual([
      { date: '2022-01-24', event: '某某会议审议批准' },
      { date: '2022-02-25', event: '某某发布' },
    ]);
    expect(law.effectiveDate).toBe('2022-05-01');
    expect(law.nodes.map((n) => [n.level, n.label, n.title, n.key])).toEqual([
      ['chapter', '第一章', '总则', '第一章'],
      ['chapter', '第二章', '附则', '第二章'],
    ]);
    expect(law.articles.map((a) => [a.number, a.label, a.nodeKey])).toEqual([
      [1, '第一条', '第一章'],
      [2, '第二条', '第一章'],
      [3, '第三条', '第二章'],
    ]);
    expect(law.articles[1].paragraphs).toEqual(['本条例适用于：', '（一）甲；', '（二）乙。']);
  });

  it('takes the level from the unit word, whatever the number of #', () => {
    const law = parseLawText(
      md(`# 第一编 总则

#### 第一章 基本规定

第一条 甲。

## 第一节 一般规定

第二条 乙。

### 第二编 物权

## 第一分编 通则

###### 第一章 一般规定

#### 第一节 一般规定

第三条 丙。

## 附则

第四条 丁。`),
    );
    const nodes = flattenNodes(law.nodes);
    expect(nodes.map((n) => `${n.level}:${n.key}`)).toEqual([
      'part:第一编',
      'chapter:第一编/第一章',
      'section:第一编/第一章/第一节',
      'part:第二编',
      'subpart:第二编/第一分编',
      'chapter:第二编/第一分编/第一章',
      'section:第二编/第一分编/第一章/第一节',
      'part:附则',
    ]);
    expect(law.articles.map((a) => a.nodeKey)).toEqual([
      '第一编/第一章',
      '第一编/第一章/第一节',
      '第二编/第一分编/第一章/第一节',
      '附则',
    ]);
  });

  it('keeps a preamble without articles (宪法 序言)', () => {
    const law = parseLawText(
      md(`## 序言

第一段。

第二段。

## 第一章 总纲

第一条 甲。`),
    );
    expect(law.nodes[0]).toMatchObject({
      label: '序言',
      number: null,
      paragraphs: ['第一段。', '第二段。'],
    });
    expect(law.articles).toHaveLength(1);
  });

  it('reads plain text (what Word documents become), skipping a table of contents', () => {
    const law = parseLawText(`中华人民共和国示例法

（2015年7月1日第十二届全国人民代表大会常务委员会第十五次会议通过）

目\u3000\u3000录

第一章\u3000总\u3000\u3000则

第二章\u3000附\u3000\u3000则

第一章\u3000总\u3000\u3000则

第一条\u3000为了示例，制定本法。

第二条\u3000第二款说明。

\u3000\u3000第二款内容。

第二章\u3000附\u3000\u3000则

第三条\u3000本法自公布之日起施行。`);
    expect(law.title).toBe('中华人民共和国示例法');
    expect(law.events).toEqual([
      { date: '2015-07-01', event: '第十二届全国人民代表大会常务委员会第十五次会议通过' },
    ]);
    expect(law.nodes.map((n) => `${n.label} ${n.title}`)).toEqual(['第一章 总则', '第二章 附则']);
    expect(law.articles.map((a) => a.paragraphs)).toEqual([
      ['为了示例，制定本法。'],
      ['第二款说明。', '第二款内容。'],
      ['本法自公布之日起施行。'],
    ]);
    expect(law.effectiveDate).toBe('2015-07-01');
  });

  it('does not take a paragraph that starts with an article reference for a new article', () => {
    const law = parseLawText(md(`第一条 甲。\n\n第一条规定的情形，从其规定。\n\n第二条 乙。`));
    expect(law.articles).toHaveLength(2);
    expect(law.articles[0].paragraphs).toEqual(['甲。', '第一条规定的情形，从其规定。']);
  });

  it.each([
    ['a skipped number', '第一条 甲。\n\n第三条 丙。', 11, /应为第2条，却是第三条/],
    ['a repeated number', '第一条 甲。\n\n第二条 乙。\n\n第二条 又一条。', 13, /重复或倒序/],
    ['a number that goes back', '第一条 甲。\n\n第二条 乙。\n\n第一条 又一条。', 13, /重复或倒序/],
    ['an unknown heading', '## 说明\n\n第一条 甲。', 9, /无法识别的标题/],
    ['an article without text', '第一条\n\n第二条 乙。', 9, /没有内容/],
    ['an article suffix (之一)', '第一条 甲。\n\n第一条之一 乙。', 11, /之/],
  ])('refuses %s, naming the first offending line', (_name, body, line, reason) => {
    let error: unknown;
    try {
      parseLawText(md(body).replace('第2条', '第二条'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LawParseError);
    expect((error as LawParseError).line).toBe(line);
    expect((error as LawParseError).message).toMatch(reason);
  });

  it('refuses an empty text and a text without articles', () => {
    expect(() => parseLawText('')).toThrow(LawParseError);
    expect(() => parseLawText('# 标题\n\n<!-- INFO END -->\n\n## 第一章 总则')).toThrow(
      /没有找到任何条文/,
    );
  });
});
