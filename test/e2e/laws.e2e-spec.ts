import { AlignmentType, Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { fixtureDocx, fixtureLaw } from '../factories/law-fixtures';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('laws: import, browse and search (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  let staff: Session;
  let lawId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const org = await buildOrg(t);
    admin = await login(t, org.people.adminA);
    staff = await login(t, org.people.staffA1);
  });
  afterAll(() => t.close());

  const upload = (name: string, content: Buffer | string, who: Session = admin) =>
    signedIn(t, who)
      .post('/laws/import')
      .field('category', 'local_regulation')
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);

  it('lets an admin upload a law text and reports what it imported, once', async () => {
    const res = await upload('办法.md', fixtureLaw()).expect(200);
    expect(res.body).toMatchObject({
      title: '示范市信访工作办法',
      status: 'created',
      versionNo: 1,
      articleCount: 3,
      added: [1, 2, 3],
    });
    lawId = res.body.lawId as string;
    const again = await upload('办法.md', fixtureLaw()).expect(200);
    expect(again.body).toMatchObject({ status: 'unchanged', versionId: res.body.versionId });
    await upload('办法.md', fixtureLaw(), staff).expect(403);
    const audit = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'law.import'`,
    );
    expect(Number(audit[0].n)).toBe(2);
  });

  it('imports a Word file', async () => {
    const res = await upload('示范法.docx', await fixtureDocx()).expect(200);
    expect(res.body).toMatchObject({ title: '中华人民共和国示范法', articleCount: 3 });
  });

  it('reads the same law from Markdown, a pandoc Word file and the database layout as one version', async () => {
    const title = '示范市版式测试条例';
    const passed = '（2024年6月28日示范市人民代表大会常务委员会通过）';
    const articles = [
      ['第一条', '为了示范版式，制定本条例。'],
      ['第二条', '本条例自2025年1月1日起施行。'],
    ];
    const markdown = `# ${title}\n\n${passed}\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n${articles[0].join(' ')}\n\n## 第二章 附则\n\n${articles[1].join(' ')}\n`;
    const word = async (space: string, chapter: (t: string) => string, toc: boolean) => {
      const p = (text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
        new Paragraph({ text, heading, alignment: heading ? AlignmentType.CENTER : undefined });
      const children = [
        p(title, HeadingLevel.TITLE),
        p(passed),
        ...(toc
          ? [
              p('目\u3000\u3000录'),
              p(`第一章${space}${chapter('总则')}`),
              p(`第二章${space}${chapter('附则')}`),
            ]
          : []),
        p(`第一章${space}${chapter('总则')}`, HeadingLevel.HEADING_1),
        p(articles[0].join(space)),
        p(`第二章${space}${chapter('附则')}`, HeadingLevel.HEADING_1),
        p(articles[1].join(space)),
      ];
      return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children }] })));
    };
    const first = await upload('版式.md', markdown).expect(200);
    expect(first.body).toMatchObject({ status: 'created', versionNo: 1, articleCount: 2 });
    // pandoc: headings as Heading 1, ASCII spaces
    const pandoc = await upload('版式.docx', await word(' ', (t) => t, false)).expect(200);
    // the national law database: full-width spaces, short titles spread (总, two U+3000, 则), a 目录
    const database = await upload(
      '版式-数据库.docx',
      await word('\u3000', (t) => [...t].join('\u3000\u3000'), true),
    ).expect(200);
    for (const res of [pandoc, database]) {
      expect(res.body).toMatchObject({
        lawId: first.body.lawId,
        status: 'unchanged',
        versionId: first.body.versionId,
      });
    }
    const tree = await signedIn(t, staff)
      .get(`/laws/${first.body.lawId as string}/tree`)
      .expect(200);
    expect(JSON.stringify(tree.body)).toContain('总则');
    expect(JSON.stringify(tree.body)).not.toMatch(/总[\s\u3000]+则/u);
  });

  it('refuses bad files with a clear error', async () => {
    const skip = await upload(
      '坏.md',
      '# 坏办法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第三条 丙。',
    ).expect(422);
    expect(skip.body.code).toBe('CURRICULUM.LAW_TEXT_INVALID');
    expect(skip.body.details).toMatchObject({ line: 7 });
    expect(skip.body.message).toMatch(/第 7 行.*应为第2条/);
    const type = await upload('x.pdf', 'pdf').expect(415);
    expect(type.body.code).toBe('CURRICULUM.LAW_FILE_TYPE');
    const broken = await upload('x.docx', 'not a zip').expect(422);
    expect(broken.body.code).toBe('CURRICULUM.LAW_TEXT_INVALID');
    const none = await signedIn(t, admin).post('/laws/import').expect(400);
    expect(none.body.code).toBe('CURRICULUM.LAW_FILE_MISSING');
    const field = await upload('办法.md', fixtureLaw()).field('category', 'novel').expect(400);
    expect(field.body.details[0].field).toBe('category');
  });

  it('lists laws and shows a law with its versions to any signed-in staff member', async () => {
    const list = await signedIn(t, staff).get('/laws?q=信访').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: lawId,
      category: 'local_regulation',
      categoryLabel: '地方性法规',
      currentVersion: { versionNo: 1, articleCount: 3, current: true },
    });
    const detail = await signedIn(t, staff).get(`/laws/${lawId}`).expect(200);
    expect(detail.body.versions).toHaveLength(1);
    await signedIn(t, staff).get('/laws/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('serves the tree, an article by number, and ranges of articles', async () => {
    const tree = await signedIn(t, staff).get(`/laws/${lawId}/tree`).expect(200);
    expect(tree.body.nodes.map((n: { label: string }) => n.label)).toEqual(['第一章', '第二章']);
    const art = await signedIn(t, staff).get(`/laws/${lawId}/articles/2`).expect(200);
    expect(art.body).toMatchObject({
      number: 2,
      label: '第二条',
      paragraphs: [
        '信访事项应当自收到之日起15日内决定是否受理。',
        '不予受理的，应当书面告知信访人。',
      ],
      path: [{ label: '第一章', title: '总则' }],
    });
    const missing = await signedIn(t, staff).get(`/laws/${lawId}/articles/99`).expect(404);
    expect(missing.body.message).toBe('该版本中没有第 99 条');
    await signedIn(t, staff).get(`/laws/${lawId}/articles/abc`).expect(400);
    const range = await signedIn(t, staff).get(`/laws/${lawId}/articles?from=2&to=3`).expect(200);
    expect(range.body.map((a: { number: number }) => a.number)).toEqual([2, 3]);
    await signedIn(t, staff).get(`/laws/${lawId}/articles?from=3&to=1`).expect(400);
  });

  it('searches article text for Chinese substrings, ranked, with hits marked, paginated', async () => {
    const res = await signedIn(t, staff)
      .get(`/laws/search?q=${encodeURIComponent('信访')}`)
      .expect(200);
    expect(res.body.total).toBe(2);
    // 第二条 mentions 信访 twice, 第一条 once: more hits rank first
    expect(res.body.items.map((h: { number: number; hits: number }) => [h.number, h.hits])).toEqual(
      [
        [2, 2],
        [1, 1],
      ],
    );
    expect(res.body.items[0].snippet).toContain('<mark>信访</mark>事项');
    const two = await signedIn(t, staff)
      .get(`/laws/search?q=${encodeURIComponent('信访 书面')}`)
      .expect(200);
    expect(two.body.items.map((h: { number: number }) => h.number)).toEqual([2]);
    const page2 = await signedIn(t, staff)
      .get(`/laws/search?q=${encodeURIComponent('信访')}&pageSize=1&page=2`)
      .expect(200);
    expect(page2.body).toMatchObject({ total: 2, page: 2 });
    expect(page2.body.items.map((h: { number: number }) => h.number)).toEqual([1]);
    const none = await signedIn(t, staff)
      .get(`/laws/search?q=${encodeURIComponent('不存在的词')}`)
      .expect(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    await signedIn(t, staff).get('/laws/search').expect(400);
    await signedIn(t, staff)
      .get(`/laws/search?q=${encodeURIComponent('一 二 三 四 五 六')}`)
      .expect(400);
    // LIKE wildcards in the query are matched literally
    const wild = await signedIn(t, staff).get('/laws/search?q=%25').expect(200);
    expect(wild.body.total).toBe(0);
  });
});
