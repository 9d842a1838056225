import ExcelJS from 'exceljs';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { checkBankFiles } from '../../src/modules/question-bank/bank-file/bank-file';
import { fixtureLaw } from '../factories/law-fixtures';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectA4OnePageWide, xlsxPrint } from '../utils/ooxml';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const LAW = '示范市信访工作办法';

describe('question bank (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  let secretary: Session;
  let staff: Session;
  let lawId: string;
  let v1: string;

  beforeAll(async () => {
    t = await createTestApp();
    const org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
    secretary = await login(t, org.people.secA);
    staff = await login(t, org.people.staffA1);
    const report = await t.get(LawImportService).importText(fixtureLaw(), { source: 'f.md' });
    lawId = report.lawId;
    v1 = report.versionId;
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const single = (over: Record<string, unknown> = {}) => ({
    type: 'single_choice',
    stem: '按照办法，信访事项应当自收到之日起多少日内决定是否受理？',
    options: ['7日', '15日', '30日', '60日'],
    answer: 'B',
    explanation: '依据第二条，应当自收到之日起15日内决定是否受理。',
    difficulty: 2,
    tags: ['受理'],
    references: [{ lawId, articles: [2] }],
    evidence: '自收到之日起15日内决定是否受理',
    ...over,
  });

  const post = (body: object, who: Session = admin) =>
    signedIn(t, who).post('/questions').send(body);

  it('keeps the bank (and its keys) away from plain staff; secretaries read, admins write', async () => {
    await signedIn(t, staff).get('/questions').expect(403);
    await signedIn(t, secretary).get('/questions').expect(200);
    await post(single(), secretary).expect(403);
  });

  it('creates questions of every type', async () => {
    const created = await post({ ...single(), code: 'SF-0001', status: 'active' }).expect(201);
    expect(created.body).toMatchObject({
      code: 'SF-0001',
      type: 'single_choice',
      status: 'active',
      revisionNo: 1,
      needsReview: false,
      current: {
        answer: 'B',
        references: [{ lawId, lawTitle: LAW, versionId: v1, articles: [2] }],
      },
      similar: [],
    });
    const others = [
      {
        type: 'multiple_choice',
        stem: '依照办法，不予受理时应当怎样处理？',
        options: ['书面告知', '口头告知', '告知信访人', '不予理睬'],
        answer: ['C', 'A'],
        evidence: '应当书面告知信访人',
      },
      {
        type: 'true_false',
        stem: '办法规定，不予受理的无须告知信访人。',
        options: undefined,
        answer: 'B',
        evidence: '应当书面告知信访人',
      },
      {
        type: 'fill_blank',
        stem: '信访事项应当自收到之日起____日内决定是否受理。',
        options: undefined,
        answer: [['15', '十五']],
        evidence: '15日内',
      },
      {
        type: 'short_answer',
        stem: '简述办法对不予受理的信访事项的处理要求。',
        options: undefined,
        answer: '应当书面告知信访人。',
        evidence: undefined,
      },
    ];
    for (const [i, o] of others.entries()) {
      const res = await post({ ...single(o), code: `SF-000${i + 2}`, tags: [] }).expect(201);
      expect(res.body.type).toBe(o.type);
    }
    const mc = await signedIn(t, admin).get(`/questions?type=multiple_choice`).expect(200);
    const detail = await signedIn(t, admin).get(`/questions/${mc.body.items[0].id}`).expect(200);
    expect(detail.body.current.answer).toEqual(['A', 'C']);
    const tf = await signedIn(t, admin).get('/questions?type=true_false').expect(200);
    const tfDetail = await signedIn(t, admin).get(`/questions/${tf.body.items[0].id}`).expect(200);
    expect(tfDetail.body.current.options).toEqual(['正确', '错误']);
  });

  it.each([
    [
      'a key not among the options',
      { answer: 'E' },
      'QUESTIONS.CONTENT_INVALID',
      '答案“E”不在选项中',
    ],
    [
      'true/false without exactly two options',
      { type: 'true_false', options: ['对', '错', '不确定'], answer: 'A' },
      'QUESTIONS.CONTENT_INVALID',
      '恰好有两个选项',
    ],
    [
      'a fill-in without accepted answers',
      { type: 'fill_blank', options: undefined, stem: '应当在____日内决定是否受理。', answer: [] },
      'QUESTIONS.CONTENT_INVALID',
      '至少一个可接受的答案',
    ],
    [
      'a fill-in whose blanks and answers differ',
      {
        type: 'fill_blank',
        options: undefined,
        stem: '应当在____日内决定是否受理。',
        answer: [['15'], ['x']],
      },
      'QUESTIONS.CONTENT_INVALID',
      '1 个空',
    ],
    [
      'a multiple choice with one key',
      { type: 'multiple_choice', answer: ['A'] },
      'QUESTIONS.CONTENT_INVALID',
      '至少两个',
    ],
    [
      'a reference to an article that does not exist',
      () => ({ references: [{ lawId, articles: [2, 9] }] }),
      'QUESTIONS.REFERENCE_INVALID',
      '没有第 9 条',
    ],
    [
      'a reference to an unknown law',
      { references: [{ lawId: '00000000-0000-4000-8000-000000000000', articles: [1] }] },
      'QUESTIONS.REFERENCE_INVALID',
      '不存在',
    ],
    [
      'evidence that is not in the cited article',
      { evidence: '自收到之日起30日内' },
      'QUESTIONS.REFERENCE_INVALID',
      '不在所引条文中',
    ],
  ])('refuses %s with a clear 422 and writes nothing', async (_name, over, code, message) => {
    const before = [await count('question'), await count('question_revision')];
    const res = await post(single(typeof over === 'function' ? over() : over)).expect(422);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain(message);
    expect([await count('question'), await count('question_revision')]).toEqual(before);
  });

  it('refuses a taken code (409) and malformed input (400)', async () => {
    await post({ ...single(), code: 'SF-0001' }).expect(409);
    const bad = await post({ ...single(), difficulty: 9, type: 'essay', extra: 1 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'difficulty',
      'extra',
      'type',
    ]);
  });

  it('reports identical and nearly identical stems on create', async () => {
    const res = await post({
      ...single(),
      stem: '按照办法，信访事项应当自收到之日起多少日内决定是否受理?',
    }).expect(201);
    expect(res.body.similar).toEqual([expect.objectContaining({ code: 'SF-0001', similarity: 1 })]);
    const near = await post({
      ...single(),
      stem: '按照本办法，信访事项应当自收到之日起多少日内决定是否受理？',
    }).expect(201);
    expect(near.body.similar.map((s: { code: string }) => s.code)).toContain('SF-0001');
    expect(near.body.similar[0].similarity).toBeGreaterThanOrEqual(0.9);
  });

  it('makes a new revision on edit and keeps the history; a status change alone is not a revision', async () => {
    const list = await signedIn(t, admin)
      .get('/questions?q=多少日内决定是否受理&status=active')
      .expect(200);
    const id = list.body.items.find((q: { code: string }) => q.code === 'SF-0001').id as string;
    const edited = await signedIn(t, admin)
      .patch(`/questions/${id}`)
      .send({ options: ['5日', '15日', '30日', '60日'], changeNote: '换一个干扰项' })
      .expect(200);
    expect(edited.body).toMatchObject({
      revisionNo: 2,
      current: { options: ['5日', '15日', '30日', '60日'], changeNote: '换一个干扰项' },
    });
    const retired = await signedIn(t, admin)
      .patch(`/questions/${id}`)
      .send({ status: 'retired' })
      .expect(200);
    expect(retired.body).toMatchObject({ status: 'retired', revisionNo: 2 });
    const history = await signedIn(t, secretary).get(`/questions/${id}/revisions`).expect(200);
    expect(history.body.map((r: { revisionNo: number }) => r.revisionNo)).toEqual([2, 1]);
    const first = await signedIn(t, admin).get(`/questions/${id}/revisions/1`).expect(200);
    expect(first.body.options[0]).toBe('7日');
    await signedIn(t, admin).get(`/questions/${id}/revisions/9`).expect(404);
    await signedIn(t, admin).patch(`/questions/${id}`).send({ answer: 'Z' }).expect(422);
    await signedIn(t, admin).patch(`/questions/${id}`).send({ status: 'active' }).expect(200);
  });

  it('filters by law, article range, type, difficulty, tag, status and text', async () => {
    const q = (s: string) => signedIn(t, admin).get(`/questions?${s}`).expect(200);
    const all = await q(`lawId=${lawId}`);
    expect(all.body.total).toBeGreaterThanOrEqual(7);
    expect((await q(`lawId=${lawId}&articleFrom=3&articleTo=3`)).body.total).toBe(0);
    expect((await q(`lawId=${lawId}&articleFrom=2&articleTo=2`)).body.total).toBe(all.body.total);
    expect((await q('type=fill_blank')).body.items.map((i: { code: string }) => i.code)).toEqual([
      'SF-0004',
    ]);
    expect(
      (await q('tag=受理')).body.items.every((i: { tags: string[] }) => i.tags.includes('受理')),
    ).toBe(true);
    expect((await q('difficulty=5')).body.total).toBe(0);
    expect((await q('status=draft')).body.total).toBeGreaterThan(0);
    expect((await q('needsReview=true')).body.total).toBe(0);
    await signedIn(t, admin).get('/questions?difficulty=7').expect(400);
  });

  it('flags questions whose cited article changed in a new law version, and clears the flag on review', async () => {
    const onArticle1 = await post({
      ...single(),
      code: 'SF-0100',
      stem: '办法制定的目的之一是维护哪一方面的合法权益？',
      options: ['群众', '企业', '机关', '社会组织'],
      answer: 'A',
      references: [{ lawId, articles: [1] }],
      evidence: '维护群众合法权益',
      status: 'active',
    }).expect(201);
    const v2 = await t.get(LawImportService).importText(
      fixtureLaw({
        chapters: [
          {
            title: '总则',
            articles: [
              { n: 1, text: ['为了规范本市信访工作，维护群众合法权益，制定本办法。'] },
              {
                n: 2,
                text: [
                  '信访事项应当自收到之日起10日内决定是否受理。',
                  '不予受理的，应当书面告知信访人。',
                ],
              },
            ],
          },
          { title: '附则', articles: [{ n: 3, text: ['本办法自2026年1月1日起施行。'] }] },
        ],
      }),
      { source: 'f-v2.md' },
    );
    expect(v2).toMatchObject({ status: 'new_version', changed: [2] });
    expect(v2.flaggedQuestions).toBeGreaterThanOrEqual(5);
    const flagged = await signedIn(t, admin).get('/questions?needsReview=true').expect(200);
    expect(flagged.body.items.map((q: { code: string }) => q.code)).toContain('SF-0001');
    expect(flagged.body.items.map((q: { code: string }) => q.code)).not.toContain('SF-0100');
    expect(flagged.body.items[0].reviewReason).toContain('第 2 条');
    const q1 = await signedIn(t, admin).get(`/questions/${onArticle1.body.id}`).expect(200);
    expect(q1.body).toMatchObject({
      needsReview: false,
      current: { references: [{ versionId: v1 }] },
    });

    // reviewing: the references move to the new text; the evidence must still be there
    const sf1 = flagged.body.items.find((q: { code: string }) => q.code === 'SF-0001').id as string;
    const stale = await signedIn(t, admin).post(`/questions/${sf1}/review`).send({}).expect(422);
    expect(stale.body.message).toContain('依据原文');
    const fixed = await signedIn(t, admin)
      .patch(`/questions/${sf1}`)
      .send({
        options: ['5日', '10日', '30日', '60日'],
        evidence: '自收到之日起10日内决定是否受理',
        explanation: '依据第二条，应当自收到之日起10日内决定是否受理。',
        references: [{ lawId, articles: [2] }],
      })
      .expect(200);
    expect(fixed.body).toMatchObject({
      needsReview: false,
      current: { references: [{ versionId: v2.versionId }] },
    });
    const tf = flagged.body.items.find((q: { code: string }) => q.code === 'SF-0003').id as string;
    const reviewed = await signedIn(t, admin)
      .post(`/questions/${tf}/review`)
      .send({ note: '条文第二款未变' })
      .expect(200);
    expect(reviewed.body).toMatchObject({
      needsReview: false,
      current: {
        changeNote: '复核确认：条文第二款未变',
        references: [{ versionId: v2.versionId }],
      },
    });
    await signedIn(t, admin).post(`/questions/${tf}/review`).send({}).expect(409);
  });

  it('imports question-bank JSON files all or nothing and idempotently by code', async () => {
    const file = {
      law: { title: LAW, articleCount: 3 },
      questions: [
        {
          code: 'BK-0001',
          type: 'true_false',
          stem: '不予受理的信访事项应当书面告知信访人。',
          answer: true,
          explanation: '依据第二条第二款。',
          difficulty: 1,
          references: [{ articles: [2] }],
          evidence: '应当书面告知信访人',
        },
        {
          code: 'BK-0002',
          type: 'fill_blank',
          stem: '办法自2026年1月1日起____。',
          answer: [['施行']],
          explanation: '依据第三条。',
          difficulty: 1,
          references: [{ articles: [3] }],
          evidence: '本办法自2026年1月1日起施行',
        },
      ],
    };
    const upload = (body: unknown, name = 'bank.json') =>
      signedIn(t, admin)
        .post('/questions/import')
        .attach('file', Buffer.from(JSON.stringify(body)), name);
    const first = await upload(file).expect(200);
    expect(first.body).toMatchObject({ created: 2, revised: 0, unchanged: 0 });
    expect((await upload(file).expect(200)).body).toMatchObject({
      created: 0,
      revised: 0,
      unchanged: 2,
    });
    file.questions[0].explanation = '依据第二条第二款，应当书面告知。';
    expect((await upload(file).expect(200)).body).toMatchObject({
      created: 0,
      revised: 1,
      unchanged: 1,
    });

    const before = await count('question');
    const bad = structuredClone(file);
    bad.questions.push({
      ...file.questions[0],
      code: 'BK-0003',
      stem: '另一个题干的内容写在这里。',
      references: [{ articles: [7] }],
    });
    bad.questions.push({
      ...file.questions[0],
      code: 'BK-0004',
      stem: '又一个题干的内容写在这里。',
      evidence: '不在条文里的话',
    });
    const refused = await upload(bad).expect(422);
    expect(refused.body.code).toBe('QUESTIONS.IMPORT_INVALID');
    expect(refused.body.details.map((d: { code: string }) => d.code).sort()).toEqual([
      'BK-0003',
      'BK-0004',
    ]);
    expect(await count('question')).toBe(before);
    await signedIn(t, admin)
      .post('/questions/import')
      .attach('file', Buffer.from('{not json'), 'bank.json')
      .expect(400);
    await upload({ law: {}, questions: 'x' }).expect(422);
    await upload(file, 'bank.csv').expect(400);
  });

  it('imports the Excel template with every bad row reported, and exports what imports back', async () => {
    const template = await signedIn(t, admin)
      .get('/questions/import-template')
      .responseType('blob')
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.body as ArrayBuffer);
    const sheet = wb.getWorksheet('题目');
    expect(sheet?.getRow(1).getCell(2).value).toBe('题型*');
    const header = (sheet?.getRow(1).values as string[]).slice(1);
    const row = (v: Record<string, string | number>) =>
      header.map((h) => v[h.replace('*', '')] ?? '');
    const good = [
      row({
        编号: 'XL-0001',
        题型: '单选题',
        题干: '办法规定的受理期限从何时起算？',
        选项A: '收到之日',
        选项B: '登记之日',
        答案: 'A',
        解析: '依据第二条。',
        难度: 2,
        标签: '受理、期限',
        法律依据: `《${LAW}》第二条`,
      }),
      row({
        题型: '判断题',
        题干: '办法对不予受理的告知方式没有要求。',
        答案: '错误',
        解析: '依据第二条，应当书面告知。',
        法律依据: `《${LAW}》第2条`,
        依据原文: '应当书面告知信访人',
      }),
    ];
    const bad = [
      row({
        题型: '论述题',
        题干: '这一行的题型不对啊',
        答案: 'A',
        解析: '依据第二条。',
        法律依据: `《${LAW}》第二条`,
      }),
      row({
        题型: '单选题',
        题干: '这一行缺少选项内容',
        答案: 'C',
        解析: '依据第二条。',
        法律依据: `《${LAW}》第二条`,
        选项A: '甲',
        选项B: '乙',
      }),
      row({
        题型: '多选题',
        题干: '这一行的法律依据无法识别',
        选项A: '甲',
        选项B: '乙',
        答案: 'AB',
        解析: '依据。',
        法律依据: '第二条',
      }),
      row({
        题型: '单选题',
        题干: '这一行引用了不存在的条文',
        选项A: '甲',
        选项B: '乙',
        答案: 'A',
        解析: '依据。',
        法律依据: `《${LAW}》第九十九条`,
      }),
      row({
        题型: '单选题',
        题干: '这一行引用了没有导入的法律',
        选项A: '甲',
        选项B: '乙',
        答案: 'A',
        解析: '依据。',
        法律依据: '《不存在法》第一条',
        难度: 8,
      }),
    ];
    const build = async (rows: (string | number)[][]) => {
      const out = new ExcelJS.Workbook();
      const s = out.addWorksheet('题目');
      s.addRow(header);
      rows.forEach((r) => s.addRow(r));
      return Buffer.from(await out.xlsx.writeBuffer());
    };
    const upload = (buf: Buffer) =>
      signedIn(t, admin).post('/questions/import').attach('file', buf, 'questions.xlsx');

    const before = await count('question');
    const refused = await upload(await build([...good, ...bad])).expect(422);
    expect(
      refused.body.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`),
    ).toEqual(['4:题型', '5:答案', '6:法律依据', '7:法律依据', '8:难度', '8:法律依据']);
    expect(await count('question')).toBe(before);

    expect((await upload(await build(good)).expect(200)).body).toMatchObject({
      created: 2,
      revised: 0,
    });
    expect((await upload(await build(good)).expect(200)).body).toMatchObject({
      created: 0,
      unchanged: 2,
    });

    const exported = await signedIn(t, secretary)
      .get(`/questions/export?lawId=${lawId}`)
      .responseType('blob')
      .expect(200);
    const reimport = await upload(exported.body as Buffer).expect(200);
    expect(reimport.body).toMatchObject({ created: 0, revised: 0 });
    expect(reimport.body.unchanged).toBeGreaterThanOrEqual(10);
    // it prints one page wide with its header repeated, says states in Chinese, numbers as numbers
    const print = await xlsxPrint(exported.body as Buffer);
    expectA4OnePageWide(print);
    expect(print[0]).toMatchObject({
      name: '题目',
      orientation: 'landscape',
      printTitles: '$1:$1',
      frozenRows: 1,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.body as ArrayBuffer);
    const out = book.getWorksheet('题目') as ExcelJS.Worksheet;
    const headers = (out.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const column = (h: string) => headers.indexOf(h) + 1;
    expect(out.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(['草稿', '启用', '停用']).toContain(out.getRow(2).getCell(column('状态')).value);
    expect(typeof out.getRow(2).getCell(column('难度')).value).toBe('number');
    expect(typeof out.getRow(2).getCell(column('版本')).value).toBe('number');
    expect(out.getRow(2).getCell(column('题干')).alignment?.wrapText).toBe(true);
  });

  it('exports one law as a question-bank file that passes the bank checks and imports back unchanged', async () => {
    const res = await signedIn(t, admin)
      .get(`/questions/export?format=json&lawId=${lawId}`)
      .expect(200);
    const check = checkBankFiles([
      {
        name: 'export.json',
        content: {
          ...res.body,
          questions: res.body.questions.filter((q: { evidence: string }) => q.evidence),
        },
      },
    ]);
    expect(check.errors.filter((e) => !/duplicates/.test(e.message))).toEqual([]);
    const again = await signedIn(t, admin)
      .post('/questions/import')
      .attach(
        'file',
        Buffer.from(
          JSON.stringify({
            ...res.body,
            questions: res.body.questions.filter((q: { code: string }) => q.code.startsWith('BK-')),
          }),
        ),
        'x.json',
      )
      .expect(200);
    expect(again.body).toMatchObject({ created: 0, revised: 0, unchanged: 2 });
    await signedIn(t, admin).get('/questions/export?format=json').expect(400);
  });

  it('carries a short answer’s 评分要点 and the status through Excel and JSON; a file without them changes neither', async () => {
    const created = await post({
      ...single(),
      code: 'KW-0001',
      type: 'short_answer',
      stem: '简述办法对信访事项受理期限的规定。',
      options: undefined,
      answer: '应当自收到之日起15日内决定是否受理。',
      keywords: ['15日内', '决定是否受理、书面告知'],
      tags: [],
      evidence: '应当书面告知信访人',
      status: 'active',
    }).expect(201);
    const id = created.body.id as string;
    const detail = async () => {
      const res = await signedIn(t, admin).get(`/questions/${id}`).expect(200);
      const body = res.body as {
        status: string;
        revisionNo: number;
        current: { keywords: string[] };
      };
      return {
        status: body.status,
        keywords: body.current.keywords,
        currentRevisionNo: body.revisionNo,
      };
    };
    const workbook = async (columns: string[], extra: Record<string, string>) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('题目');
      const values: Record<string, string | number> = {
        编号: 'KW-0001',
        题型: '简答题',
        题干: '简述办法对信访事项受理期限的规定。',
        答案: '应当自收到之日起15日内决定是否受理。',
        解析: single().explanation,
        难度: 2,
        法律依据: `《${LAW}》第二条`,
        依据原文: '应当书面告知信访人',
        ...extra,
      };
      sheet.addRow(columns);
      sheet.addRow(columns.map((c) => values[c] ?? ''));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = (buf: Buffer, name = 'q.xlsx') =>
      signedIn(t, admin).post('/questions/import').attach('file', buf, name);
    const OLD = ['编号', '题型', '题干', '答案', '解析', '难度', '标签', '法律依据', '依据原文'];

    // an older template without 评分要点 or 状态: nothing changes
    const old = await upload(await workbook(OLD, {})).expect(200);
    expect(old.body).toMatchObject({ created: 0, revised: 0, unchanged: 1 });
    expect(await detail()).toMatchObject({
      status: 'active',
      keywords: ['15日内', '决定是否受理、书面告知'],
      currentRevisionNo: 1,
    });

    // the columns: 评分要点 split at “；” only (a point may hold 、), 状态 by its label
    const both = [...OLD, '评分要点', '状态'];
    const retired = await upload(
      await workbook(both, { 评分要点: '15日内；决定是否受理、书面告知', 状态: '停用' }),
    ).expect(200);
    expect(retired.body).toMatchObject({ created: 0, revised: 0, unchanged: 1 });
    expect(await detail()).toMatchObject({ status: 'retired', currentRevisionNo: 1 });
    const bad = await upload(await workbook(both, { 状态: '作废' })).expect(422);
    expect(bad.body.details).toEqual([expect.objectContaining({ row: 2, column: '状态' })]);

    // the Excel export writes both, and imports back unchanged
    const exported = await signedIn(t, admin)
      .get('/questions/export?q=受理期限的规定')
      .responseType('blob')
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body as ArrayBuffer);
    const sheet = wb.getWorksheet('题目');
    const header = (sheet?.getRow(1).values as string[]).slice(1);
    const cells = (sheet?.getRow(2).values as string[]).slice(1);
    expect(cells[header.indexOf('评分要点')]).toBe('15日内；决定是否受理、书面告知');
    expect(cells[header.indexOf('状态')]).toBe('停用');
    expect((await upload(exported.body as Buffer).expect(200)).body).toMatchObject({
      revised: 0,
      unchanged: 1,
    });

    // JSON: the file says retired; a file without a status keeps the question's
    const file = await signedIn(t, admin)
      .get(`/questions/export?format=json&lawId=${lawId}`)
      .expect(200);
    const kw = (file.body.questions as { code: string; status?: string }[]).find(
      (q) => q.code === 'KW-0001',
    );
    expect(kw).toMatchObject({ status: 'retired', keywords: ['15日内', '决定是否受理、书面告知'] });
    delete kw?.status;
    const json = { ...file.body, questions: [kw] };
    expect(
      (await upload(Buffer.from(JSON.stringify(json)), 'bank.json').expect(200)).body,
    ).toMatchObject({ revised: 0, unchanged: 1 });
    expect(await detail()).toMatchObject({ status: 'retired', currentRevisionNo: 1 });
  });
});
