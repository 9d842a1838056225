import { AlignmentType, Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { intToChinese } from '../../src/modules/curriculum/law-text/chinese-numerals';

export interface FixtureArticle {
  n: number;
  text: string[];
}

/** A small law in the Markdown form of ../shared/laws: chapters, articles, items. */
export function fixtureLaw(
  opts: { title?: string; chapters?: { title: string; articles: FixtureArticle[] }[] } = {},
): string {
  const title = opts.title ?? '示范市信访工作办法';
  const chapters = opts.chapters ?? [
    {
      title: '总则',
      articles: [
        { n: 1, text: ['为了规范本市信访工作，维护群众合法权益，制定本办法。'] },
        {
          n: 2,
          text: [
            '信访事项应当自收到之日起15日内决定是否受理。',
            '不予受理的，应当书面告知信访人。',
          ],
        },
      ],
    },
    {
      title: '附则',
      articles: [{ n: 3, text: ['本办法自2026年1月1日起施行。'] }],
    },
  ];
  const body = chapters
    .map(
      (c, i) =>
        `## 第${intToChinese(i + 1)}章 ${c.title}\n\n${c.articles
          .map((a) => `第${intToChinese(a.n)}条 ${a.text.join('\n\n')}`)
          .join('\n\n')}`,
    )
    .join('\n\n');
  return `# ${title}\n\n2025年12月1日 示范市人民政府发布\n\n<!-- INFO END -->\n\n${body}\n`;
}

/** The same structure as a Word document, the way the national law database lays it out. */
export async function fixtureDocx(): Promise<Buffer> {
  const p = (text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ text, heading, alignment: heading ? AlignmentType.CENTER : undefined });
  const doc = new Document({
    sections: [
      {
        children: [
          p('中华人民共和国示范法', HeadingLevel.TITLE),
          p('（2024年6月28日第十四届全国人民代表大会常务委员会第十次会议通过）'),
          p('目　　录'),
          p('第一章　总　　则'),
          p('第二章　附　　则'),
          p('第一章　总　　则', HeadingLevel.HEADING_1),
          p('第一条　为了示范，制定本法。'),
          p('第二条　国家机关应当依法履行职责：'),
          p('（一）及时受理；'),
          p('（二）依法办理。'),
          p('第二章　附　　则', HeadingLevel.HEADING_1),
          p('第三条　本法自2025年1月1日起施行。'),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
