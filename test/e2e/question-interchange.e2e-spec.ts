import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { BundledContentService } from '../../src/modules/question-bank/bank-file/bundled-content.service';
import { fixtureLaw } from '../factories/law-fixtures';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { SHARED_LAWS_DIR, itWithLaws } from '../utils/shared-laws';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const BANK_DIR = join(__dirname, '..', '..', 'question-bank');
const FIXTURES = join(__dirname, '..', 'fixtures', 'question-interchange');

interface Problem {
  line?: number;
  item?: string;
  code?: string;
  message: string;
}

interface MoodleText {
  text: string | number;
}
interface MoodleQuestion {
  '@_type': string;
  name?: MoodleText;
  idnumber?: string;
  questiontext?: MoodleText;
  single?: string;
  answer?: ({ '@_fraction': string } & MoodleText)[];
  graderinfo?: MoodleText;
  tags?: { tag: MoodleText[] };
  category?: MoodleText;
}

/** Reads a produced Moodle XML with fast-xml-parser (the app reads with xmldom). */
function moodleQuestions(xml: string): MoodleQuestion[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (name) => ['question', 'answer', 'tag'].includes(name),
  }).parse(xml) as { quiz: { question: MoodleQuestion[] } };
  return parsed.quiz.question;
}

describe('question interchange: the bundled bank through Moodle XML and GIFT (e2e)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ env: { QUESTION_BANK_DIR: BANK_DIR } });
    const org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
    await t.get(BundledContentService).importBundledBank();
  }, 180_000);
  afterAll(() => t.close());

  const exportAs = async (format: string) => {
    const res = await signedIn(t, admin)
      .get(`/questions/export?format=${format}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return { body: res.body as Buffer, skipped: Number(res.headers['x-skipped-count']) };
  };
  const importFile = (content: Buffer, name: string) =>
    signedIn(t, admin).post('/questions/import').attach('file', content, name);
  const total = async () =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM question'))[0].n);
  const revisions = () =>
    t.dataSource.query<{ code: string; n: number; status: string }[]>(
      'SELECT code, current_revision_no AS n, status FROM question ORDER BY code',
    );

  const roundTrip = async () => {
    const n = await total();
    const before = await revisions();
    const moodle = await exportAs('moodle');
    expect(moodle.skipped).toBe(0);
    const questions = moodleQuestions(moodle.body.toString('utf8'));
    // one category per law before its questions; every question named by its code
    const categories = questions.filter((q) => q['@_type'] === 'category');
    expect(categories.length).toBeGreaterThanOrEqual(5);
    expect(String(categories[0].category?.text)).toMatch(/^\$course\$\/top\//);
    const items = questions.filter((q) => q['@_type'] !== 'category');
    expect(items).toHaveLength(n);
    expect(new Set(items.map((q) => q['@_type']))).toEqual(
      new Set(['multichoice', 'truefalse', 'shortanswer', 'essay', 'cloze']),
    );
    for (const q of items) {
      expect(String(q.name?.text)).toBe(q.idnumber);
      expect(q.tags?.tag.some((tag) => String(tag.text).startsWith('依据：《'))).toBe(true);
    }
    const fromMoodle = await importFile(moodle.body, '题库-Moodle.xml').expect(200);
    expect(fromMoodle.body).toMatchObject({ created: 0, revised: 0, unchanged: n });

    const gift = await exportAs('gift');
    const multiBlank = items.filter((q) => q['@_type'] === 'cloze').length;
    expect(gift.skipped).toBe(multiBlank);
    const fromGift = await importFile(gift.body, '题库.gift').expect(200);
    expect(fromGift.body).toMatchObject({ created: 0, revised: 0, unchanged: n - multiBlank });
    expect(await revisions()).toEqual(before);
  };

  it('exports the whole bank as Moodle XML and GIFT; both import back with every question unchanged', async () => {
    // a retired and a draft question keep their status through the tags
    await t.dataSource.query(`UPDATE question SET status = 'retired' WHERE code = 'XFTL-0066'`);
    await t.dataSource.query(`UPDATE question SET status = 'draft' WHERE code = 'XFTL-0273'`);
    await roundTrip();
    const kept = await t.dataSource.query<{ code: string; status: string }[]>(
      `SELECT code, status FROM question WHERE code IN ('XFTL-0066', 'XFTL-0273') ORDER BY code`,
    );
    expect(kept).toEqual([
      { code: 'XFTL-0066', status: 'retired' },
      { code: 'XFTL-0273', status: 'draft' },
    ]);
  }, 240_000);

  itWithLaws(
    'and again once the law texts are there (every evidence phrase checked against its article)',
    async () => {
      await t.get(BundledContentService).importLawDir(SHARED_LAWS_DIR);
      await roundTrip();
    },
    240_000,
  );

  it('exports single choice as Aiken that reads back', async () => {
    const aiken = await exportAs('aiken');
    const single = Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM question q JOIN question_revision r ON r.id = q.current_revision_id WHERE r.type = 'single_choice'`,
        )
      )[0].n,
    );
    const text = aiken.body.toString('utf8');
    expect(text.match(/^ANSWER: [A-H]$/gm)).toHaveLength(single);
    expect(aiken.skipped).toBe((await total()) - single);
  });
});

describe('question interchange: foreign files, Word and malformed input (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  const LAW = '示范市信访工作办法';

  beforeAll(async () => {
    t = await createTestApp();
    const org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
    await t.get(LawImportService).importText(fixtureLaw(), { source: 'f.md' });
  });
  afterAll(() => t.close());

  const upload = (content: Buffer | string, name: string, format?: string) => {
    const req = signedIn(t, admin).post('/questions/import');
    if (format) void req.field('format', format);
    return req.attach('file', Buffer.from(content), name);
  };
  const count = async () =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM question'))[0].n);
  const detail = async (code: string) => {
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      'SELECT id FROM question WHERE code = $1',
      [code],
    );
    const res = await signedIn(t, admin).get(`/questions/${id}`).expect(200);
    return res.body as { current: Record<string, unknown> };
  };

  it('imports a Moodle XML file another system exported (HTML text, category naming the law)', async () => {
    const xml = readFileSync(join(FIXTURES, 'moodle-foreign.xml'));
    const res = await upload(xml, 'moodle_questions.xml').expect(200);
    // the description item is not a question
    expect(res.body).toMatchObject({ created: 5, revised: 0, unchanged: 0 });
    const mc = await detail('XF-MC-001');
    expect(mc.current).toMatchObject({
      type: 'single_choice',
      stem: '信访事项应当自收到之日起 多少日 内决定是否受理？',
      options: ['7日', '15日', '30日'],
      answer: 'B',
      tags: ['受理', '时限'],
      references: [{ lawTitle: LAW, articles: [2] }],
    });
    expect((await upload(xml, 'again.xml').expect(200)).body).toMatchObject({ unchanged: 5 });
  });

  it('refuses a Moodle file all or nothing, each bad question with its line and reason', async () => {
    const before = await count();
    const xml = readFileSync(join(FIXTURES, 'moodle-foreign.xml'), 'utf8')
      // the category no longer names articles: questions without a 依据 tag have no basis
      .replace('/示范市信访工作办法/第二条', '/示范市信访工作办法')
      .replace('<question type="essay">', '<question type="matching">');
    const res = await upload(xml, 'bad.xml').expect(422);
    expect(res.body.code).toBe('QUESTIONS.IMPORT_INVALID');
    const problems = res.body.details as Problem[];
    expect(problems.every((p) => typeof p.line === 'number' && p.line > 0)).toBe(true);
    expect(problems.filter((p) => p.message.includes('未指明条文'))).toHaveLength(4);
    const matching = problems.find((p) => p.message.includes('匹配题'));
    expect(matching).toMatchObject({ item: '简述不予受理的处理' });
    expect(xml.split('\n')[(matching?.line ?? 0) - 1]).toContain('<question type="matching">');
    expect(await count()).toBe(before);
  });

  it('imports GIFT and Aiken samples, and reports their bad questions by line', async () => {
    const gift = [
      '// 示范题库（GIFT）',
      '$CATEGORY: $course$/top/示范市信访工作办法/第二条',
      '',
      '::受理::依据办法，信访事项应当自收到之日起多少日内决定是否受理？{',
      '=15日',
      '~7日',
      '~30日',
      '####应当自收到之日起15日内决定是否受理。',
      '}',
      '',
      '// [tag:告知] [tag:原文：应当书面告知信访人]',
      '::告知::依据办法，不予受理的信访事项无须告知信访人。{FALSE####应当书面告知。}',
      '',
      '::填空::依据办法，不予受理的，应当 {=书面 =以书面形式} 告知信访人。',
    ].join('\n');
    const ok = await upload(gift, 'sample.gift').expect(200);
    expect(ok.body).toMatchObject({ created: 3 });

    const broken = await upload(gift.replace('=15日', '=15日\n~%abc%7日 {'), 'b.gift').expect(422);
    expect(broken.body.details).toEqual([{ line: 6, message: 'GIFT 格式错误：此处出现“abc”' }]);

    const aiken = [
      '依据办法，信访事项应当自收到之日起几日内决定是否受理？',
      'A. 7日',
      'B. 15日',
      'C. 30日',
      'ANSWER: B',
      '依据：《示范市信访工作办法》第二条',
      '',
      '依据办法，不予受理的应当怎样告知信访人？',
      'A) 口头告知',
      'B) 书面告知',
      'ANSWER: B',
      '解析：不予受理的，应当书面告知信访人。',
      '依据：《示范市信访工作办法》第二条',
    ].join('\n');
    expect((await upload(aiken, 'aiken.txt').expect(200)).body).toMatchObject({ created: 2 });
    // a plain Aiken file (as Moodle writes it) has no legal basis: each question says so
    const plain = aiken.replace(/^依据：.*$/gm, '').replace(/^解析：.*$/gm, '');
    const refused = await upload(plain, 'plain.txt', 'aiken').expect(422);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('缺少法律依据') }),
      expect.objectContaining({ line: 8, message: expect.stringContaining('缺少法律依据') }),
    ]);
  });

  /** A Word question file as offices write it (paragraphs as typed in Word or WPS). */
  const wordFile = (lines: string[]) =>
    Packer.toBuffer(
      new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] }),
    );

  const OFFICE_LAYOUT = [
    '示范市信访工作办法学习测试题',
    '一、单选题（每题2分）',
    '1. 依据办法，信访事项应当自收到之日起多少日内作出是否受理的决定？（  ）',
    'A. 7日',
    'B. 15日',
    'C. 30日',
    'D. 60日',
    '答案：B',
    '依据：《示范市信访工作办法》第二条',
    '二、多选题',
    '1、依据办法，对不予受理的信访事项，下列做法正确的有（  ）。',
    'A．书面告知  B．告知信访人  C．不予理睬',
    '答案：AB',
    '解析：不予受理的，应当书面告知信访人。',
    '依据：《示范市信访工作办法》第二条',
    '三、判断题',
    '（1）依据办法，不予受理的信访事项可以不告知信访人。',
    '答案：×',
    '依据：《示范市信访工作办法》第二条',
    '（2）示范市信访工作办法自2026年1月1日起施行。',
    '答案：√',
    '依据：《示范市信访工作办法》第三条',
    '原文：本办法自2026年1月1日起施行',
    '四、填空题',
    '1. 依据办法，信访事项应当自收到之日起____日内决定是否受理，不予受理的应当____告知信访人。',
    '答案：15|十五；书面',
    '依据：《示范市信访工作办法》第二条',
    '五、简答题',
    '1. 依据办法，简述不予受理的信访事项的处理要求。',
    '答案：应当：',
    '1. 书面告知；',
    '2. 告知信访人。',
    '评分要点：书面告知；告知信访人',
    '依据：《示范市信访工作办法》第二条',
  ];

  it('imports a Word question file in the office layout with all five types', async () => {
    const res = await upload(await wordFile(OFFICE_LAYOUT), '测试题.docx').expect(200);
    expect(res.body).toMatchObject({ created: 6, revised: 0, unchanged: 0 });
    const stems = OFFICE_LAYOUT.filter((l) => /^(\d|（)/.test(l) && l.length > 12).map((l) =>
      l.replace(/^(\d+[.、]|（\d+）)\s*/, ''),
    );
    const rows = await t.dataSource.query<{ type: string; answer: unknown; explanation: string }[]>(
      `SELECT r.type, r.answer, r.explanation FROM question q
         JOIN question_revision r ON r.id = q.current_revision_id
        WHERE r.stem = ANY($1) ORDER BY r.type, r.stem`,
      [stems],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'fill_blank',
      'multiple_choice',
      'short_answer',
      'single_choice',
      'true_false',
      'true_false',
    ]);
    const fill = rows.find((r) => r.type === 'fill_blank');
    expect(fill?.answer).toEqual([['15', '十五'], ['书面']]);
    // no 解析: the legal basis stands in
    expect(
      rows.find((r) => r.type === 'single_choice' && r.explanation.startsWith('依据《')),
    ).toBeTruthy();
    const short = rows.find((r) => r.type === 'short_answer');
    expect(short?.answer).toBe('应当：\n1. 书面告知；\n2. 告知信访人。');
    // the same file again: nothing changes (codes come from the stems)
    expect(
      (await upload(await wordFile(OFFICE_LAYOUT), '测试题.docx').expect(200)).body,
    ).toMatchObject({ created: 0, unchanged: 6 });
  });

  it('lists a bad Word item by its section and number, and imports nothing', async () => {
    const before = await count();
    const lines = [...OFFICE_LAYOUT];
    lines[7] = '答案：E'; // 一、单选题 1: no option E
    lines[17] = '答案：也许'; // 三、判断题 （1）
    lines[21] = '依据：《不存在的条例》第三条'; // 三、判断题 （2）
    const res = await upload(await wordFile(lines), 'bad.docx').expect(422);
    const problems = res.body.details as Problem[];
    expect(problems.map((p) => [p.item, p.line])).toEqual([
      ['单选题第 1 题', 3],
      ['判断题第 1 题', 17],
      ['判断题第 2 题', 20],
    ]);
    expect(problems[0].message).toBe('答案“E”不在选项中');
    expect(problems[1].message).toContain('判断题答案填 正确/错误');
    expect(problems[2].message).toBe('法律法规《不存在的条例》尚未导入');
    expect(await count()).toBe(before);
  });

  it('serves a Word template that reads as Word and imports once its example law is replaced', async () => {
    const res = await signedIn(t, admin)
      .get('/questions/import-template/docx')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', /wordprocessingml/);
    const template = res.body as Buffer;
    const { value: text } = await mammoth.extractRawText({ buffer: template });
    for (const heading of ['一、单选题', '二、多选题', '三、判断题', '四、填空题', '五、简答题'])
      expect(text).toContain(heading);
    expect(text).toContain(`《${LAW}》`); // the laws that can be cited

    // as is, the examples cite a law this system does not have
    const asIs = await upload(template, '题库导入模板.docx').expect(422);
    expect(asIs.body.details).toHaveLength(5);
    expect((asIs.body.details as Problem[])[0].message).toBe('法律法规《信访工作条例》尚未导入');

    // filled in: the examples cite 示范市信访工作办法 第二条 instead
    const zip = await JSZip.loadAsync(template);
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file(
      'word/document.xml',
      xml
        .replaceAll('《信访工作条例》第二十二条', `《${LAW}》第二条`)
        .replaceAll('按照规定', '按照模板'),
    );
    const filled = await zip.generateAsync({ type: 'nodebuffer' });
    const imported = await upload(filled, '已填写.docx').expect(200);
    expect(imported.body.created + imported.body.revised + imported.body.unchanged).toBe(5);
  });

  it('answers malformed files with a 4xx and a Chinese message, never a 500', async () => {
    const docx = await wordFile(OFFICE_LAYOUT);
    const broken: [Buffer | string, string, string?][] = [
      [docx.subarray(0, docx.length / 2), 'half.docx'],
      [Buffer.from('not a zip at all'), 'text.docx'],
      [readFileSync(join(FIXTURES, 'moodle-foreign.xml')), 'xml-as.docx'],
      [Buffer.from('<quiz><question type="truefalse"><name>'), 'cut.xml'],
      ['<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x "x">]><quiz>&x;</quiz>', 'dtd.xml'],
      ['<html><body>hi</body></html>', 'page.xml'],
      ['<quiz></quiz>', 'empty.xml'],
      ['::a::{{{{', 'x.gift'],
      ['', 'empty.txt'],
      [Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), 'bin.txt'],
      ['ANSWER: Q', 'a.txt', 'aiken'],
      ['一、单选题\n\n没有题号的一段话', 'x.docx'],
      [Buffer.from('PK\x03\x04garbage'), 'zip.docx'],
      ['old', 'old.doc'],
    ];
    for (const [content, name, format] of broken) {
      const res = await upload(content, name, format);
      expect([name, res.status]).toEqual([name, expect.any(Number)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    await upload('x', 'a.gift', 'csv').expect(400);
  });
});
