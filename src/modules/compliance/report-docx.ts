/**
 * The annual report as a 公文 laid out per GB/T 9704-2012: A4, margins 37/28/35/26 mm (top, left,
 * bottom, right), the title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 at a fixed 28 pt
 * line, level-1 headings in 黑体 and level-2 in 楷体_GB2312 (三号), page numbers "— 1 —" in 宋体
 * 四号, the date in Chinese, a table of the three rates after the headline paragraph.
 *
 * Fonts: a run names one east-Asian font and cannot list fallbacks, so each run (through the
 * styles) sets `w:eastAsia` to the GB font and `w:lang w:eastAsia="zh-CN"`, and the font table
 * describes each GB font with its common installed name as `w:altName` (仿宋, 黑体, 楷体, 宋体),
 * charset 86 (GB2312) and its PANOSE class. Word and WPS use the altName when the GB font is
 * missing; LibreOffice maps by charset and its own replacement table, so it picks a Chinese font
 * rather than a Japanese one for text tagged zh-CN.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { ReportBlock } from './annual-report';

/** Twips (1/1440 inch) of a length in millimetres. */
export const mmToTwip = (mm: number) => Math.round((mm * 1440) / 25.4);

/** Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt. */
export const SIZE = { erhao: 44, sanhao: 32, sihao: 28 } as const;

export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

/** 28 pt exactly, in twips: 22 lines of 28 characters on the 225 mm type area. */
const LINE = 560;
/** Two characters of 三号 (16 pt each), the first-line indent of official text. */
const TWO_CHARS = 640;
/** The type area: 210 − 28 − 26 = 156 mm. */
const TEXT_WIDTH = mmToTwip(156);

const LANG = { value: 'zh-CN', eastAsia: 'zh-CN' };
const fontOf = (eastAsia: string) => ({
  ascii: FONT.latin,
  hAnsi: FONT.latin,
  eastAsia,
  cs: FONT.latin,
});
const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

/** Font table entries: name, the common name to fall back on, PANOSE, family, pitch. */
const FONT_TABLE: [string, string | null, string, string, string][] = [
  [FONT.body, '仿宋', '02010609030101010101', 'modern', 'fixed'],
  [FONT.title, '宋体', '02000000000000000000', 'auto', 'variable'],
  [FONT.heading1, 'SimHei', '02010609060101010101', 'modern', 'fixed'],
  [FONT.heading2, '楷体', '02010609030101010101', 'modern', 'fixed'],
  [FONT.pageNumber, 'SimSun', '02010600030101010101', 'auto', 'variable'],
  ['仿宋', 'FangSong', '02010609060101010101', 'modern', 'fixed'],
  ['楷体', 'KaiTi', '02010609060101010101', 'modern', 'fixed'],
];

function fontTableXml(): string {
  const font = ([name, alt, panose, family, pitch]: (typeof FONT_TABLE)[number]) =>
    `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:panose1 w:val="${panose}"/>` +
    `<w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    FONT_TABLE.map(font).join('') +
    `<w:font w:name="${FONT.latin}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>` +
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
    '</w:fonts>'
  );
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(b: Extract<ReportBlock, { kind: 'table' }>): Table {
  const widths = [0.2, 0.3, 0.15, 0.15, 0.2].map((w) => Math.floor(TEXT_WIDTH * w));
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i], type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            borders: {
              top: cellBorder,
              bottom: cellBorder,
              left: cellBorder,
              right: cellBorder,
            },
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: { line: 400, lineRule: LineRuleType.EXACT },
                children: [
                  new TextRun({
                    text,
                    size: SIZE.sihao,
                    bold: header,
                    font: fontOf(header ? FONT.heading1 : FONT.body),
                  }),
                ],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    alignment: AlignmentType.CENTER,
    rows: [row(b.header, true), ...b.rows.map((r) => row(r, false))],
  });
}

function block(b: ReportBlock): Paragraph | Table {
  switch (b.kind) {
    case 'title':
      return new Paragraph({ text: b.text, heading: HeadingLevel.TITLE });
    case 'heading':
      return new Paragraph({ text: b.text, heading: HeadingLevel.HEADING_1 });
    case 'table':
      return table(b);
    case 'date':
      // 成文日期: right-aligned, four characters in from the right margin
      return new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: TWO_CHARS * 2 },
        spacing: { ...exact, before: LINE },
        children: [new TextRun(b.text)],
      });
    case 'paragraph':
      return new Paragraph({ children: [new TextRun(b.text)] });
  }
}

export async function toDocx(blocks: ReportBlock[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'xuefa',
    title: blocks[0]?.text,
    styles: {
      default: {
        document: {
          run: { font: fontOf(FONT.body), size: SIZE.sanhao, language: LANG },
          paragraph: {
            spacing: exact,
            indent: { firstLine: TWO_CHARS },
            alignment: AlignmentType.JUSTIFIED,
          },
        },
        title: {
          run: { font: fontOf(FONT.title), size: SIZE.erhao, bold: false, color: '000000' },
          // the title sits one blank line above the body, centred, without indent
          paragraph: {
            alignment: AlignmentType.CENTER,
            indent: { firstLine: 0 },
            spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: LINE },
          },
        },
        heading1: {
          run: { font: fontOf(FONT.heading1), size: SIZE.sanhao, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: { firstLine: TWO_CHARS } },
        },
        heading2: {
          run: { font: fontOf(FONT.heading2), size: SIZE.sanhao, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: { firstLine: TWO_CHARS } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmToTwip(210), height: mmToTwip(297) },
            margin: {
              top: mmToTwip(37),
              left: mmToTwip(28),
              bottom: mmToTwip(35),
              right: mmToTwip(26),
              footer: mmToTwip(28),
              header: mmToTwip(15),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                indent: { firstLine: 0 },
                spacing: { line: 240, lineRule: LineRuleType.AUTO },
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    size: SIZE.sihao,
                    font: fontOf(FONT.pageNumber),
                  }),
                ],
              }),
            ],
          }),
        },
        children: blocks.map(block),
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
