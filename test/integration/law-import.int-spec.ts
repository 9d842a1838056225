import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/common/errors';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { LawsService } from '../../src/modules/curriculum/laws/laws.service';
import { fixtureDocx, fixtureLaw } from '../factories/law-fixtures';
import { EXPECTED_ARTICLES, SHARED_LAWS_DIR, itWithLaws } from '../utils/shared-laws';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('law import (integration)', () => {
  let t: TestApp;
  let importer: LawImportService;

  beforeAll(async () => {
    t = await createTestApp();
    importer = t.get(LawImportService);
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const levels = async (versionId: string) =>
    Object.fromEntries(
      (
        await t.dataSource.query<{ level: string; n: string }[]>(
          `SELECT level, count(*) AS n FROM law_node WHERE version_id = $1 AND number IS NOT NULL GROUP BY level`,
          [versionId],
        )
      ).map((r) => [r.level, Number(r.n)]),
    );

  itWithLaws(
    'imports every file of ../shared/laws with the article counts its README gives',
    async () => {
      for (const [file, articles] of Object.entries(EXPECTED_ARTICLES)) {
        const report = await importer.importFile(file, readFileSync(join(SHARED_LAWS_DIR, file)));
        expect({ file, status: report.status, articles: report.articleCount }).toEqual({
          file,
          status: 'created',
          articles,
        });
        const stored = await t.dataSource.query<{ n: string; max: number }[]>(
          'SELECT count(*) AS n, max(number) AS max FROM law_article WHERE version_id = $1',
          [report.versionId],
        );
        expect([Number(stored[0].n), stored[0].max]).toEqual([articles, articles]);
      }
    },
    120_000,
  );

  itWithLaws('gives 民法典 its structure: 7 编 + 附则, 8 分编, 84 章, 37 节', async () => {
    const report = await importer.importFile(
      '民法典.md',
      readFileSync(join(SHARED_LAWS_DIR, '民法典.md')),
    );
    expect(report.status).toBe('unchanged');
    expect(await levels(report.versionId)).toEqual({
      part: 7,
      subpart: 8,
      chapter: 84,
      section: 37,
    });
    const annex = await t.dataSource.query<
      { label: string; level: string; first_article: number }[]
    >(`SELECT label, level, first_article FROM law_node WHERE version_id = $1 AND number IS NULL`, [
      report.versionId,
    ]);
    expect(annex).toEqual([{ label: '附则', level: 'part', first_article: 1259 }]);
    const art = await t.get(LawsService).article(report.lawId, 1077);
    expect(art.path.map((p) => p.label)).toEqual(['第五编', '第四章']);
    expect(art.paragraphs[0]).toContain('收到离婚登记申请之日起三十日内');
  });

  itWithLaws('gives 宪法 its preamble and 8 节 in 第三章', async () => {
    const report = await importer.importFile(
      '宪法.md',
      readFileSync(join(SHARED_LAWS_DIR, '宪法.md')),
    );
    expect(await levels(report.versionId)).toEqual({ chapter: 4, section: 8 });
    const tree = await t.get(LawsService).tree(report.lawId);
    expect(tree.nodes[0]).toMatchObject({ label: '序言', number: null });
    expect(tree.nodes[0].paragraphs.length).toBeGreaterThan(5);
  });

  it('imports a fixture, changes nothing on a second import, and versions a changed text', async () => {
    const first = await importer.importText(fixtureLaw(), { source: 'fixture.md' });
    expect(first).toMatchObject({
      status: 'created',
      versionNo: 1,
      articleCount: 3,
      added: [1, 2, 3],
    });
    const before = [await count('law_version'), await count('law_article')];
    const again = await importer.importText(fixtureLaw(), { source: 'fixture.md' });
    expect(again).toMatchObject({
      status: 'unchanged',
      versionId: first.versionId,
      added: [],
      changed: [],
    });
    expect([await count('law_version'), await count('law_article')]).toEqual(before);

    const changed = await importer.importText(
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
              { n: 3, text: ['信访部门应当公开工作制度。'] },
            ],
          },
          { title: '附则', articles: [{ n: 4, text: ['本办法自2026年1月1日起施行。'] }] },
        ],
      }),
      { source: 'fixture-v2.md' },
    );
    expect(changed).toMatchObject({
      status: 'new_version',
      versionNo: 2,
      added: [4],
      changed: [2, 3],
      removed: [],
    });
    const law = await t.get(LawsService).get(first.lawId);
    expect(law.currentVersion?.id).toBe(changed.versionId);
    expect(law.versions.map((v) => [v.versionNo, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    // the old version stays readable
    const old = await t.get(LawsService).article(first.lawId, 2, first.versionId);
    expect(old.paragraphs[0]).toContain('15日内');
  });

  it.each([
    ['skips a number', '第一条 甲。\n\n第三条 丙。', /第 11 行/],
    ['repeats a number', '第一条 甲。\n\n第二条 乙。\n\n第二条 丙。', /第 13 行/],
  ])('refuses a text that %s, naming the line, and writes nothing', async (_name, body, line) => {
    const before = [await count('law'), await count('law_version'), await count('law_article')];
    const text = `# 错误的法规\n\n2025年1月1日 发布\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n${body}\n`;
    const error = await importer.importText(text, { source: 'bad.md' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CURRICULUM.LAW_TEXT_INVALID', status: 422 });
    expect((error as AppError).message).toMatch(line);
    expect([await count('law'), await count('law_version'), await count('law_article')]).toEqual(
      before,
    );
  });

  it('imports a Word document built on the fly, table of contents and all', async () => {
    const report = await importer.importFile('示范法.docx', await fixtureDocx());
    expect(report).toMatchObject({
      title: '中华人民共和国示范法',
      status: 'created',
      articleCount: 3,
    });
    const tree = await t.get(LawsService).tree(report.lawId);
    expect(tree.nodes.map((n) => [n.label, n.title, n.firstArticle, n.lastArticle])).toEqual([
      ['第一章', '总则', 1, 2],
      ['第二章', '附则', 3, 3],
    ]);
    expect(tree.version.effectiveDate).toBe('2025-01-01');
    const art = await t.get(LawsService).article(report.lawId, 2);
    expect(art.paragraphs).toEqual([
      '国家机关应当依法履行职责：',
      '（一）及时受理；',
      '（二）依法办理。',
    ]);
  });

  it('serialises concurrent imports of the same new law into one law and one version', async () => {
    const text = fixtureLaw({ title: '并发导入测试办法' });
    const reports = await Promise.all(
      [1, 2, 3].map(() => importer.importText(text, { source: 'c.md' })),
    );
    expect(reports.map((r) => r.status).sort()).toEqual(['created', 'unchanged', 'unchanged']);
    expect(new Set(reports.map((r) => r.versionId)).size).toBe(1);
  });
});
