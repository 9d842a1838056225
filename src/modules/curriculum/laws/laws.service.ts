import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { CurriculumErrors } from '../curriculum.errors';
import type {
  ArticleResponseDto,
  ArticleSearchHitDto,
  LawDetailResponseDto,
  LawNodeResponseDto,
  LawResponseDto,
  LawTreeResponseDto,
  LawVersionResponseDto,
  ListLawsQueryDto,
  SearchArticlesQueryDto,
  UpdateLawDto,
} from '../dto/law.dto';
import { MAX_ARTICLE_RANGE, SEARCH_TERM_LIMIT } from '../dto/law.dto';
import type { LawArticleEntity } from '../entities/law-article.entity';
import type { LawNodeEntity } from '../entities/law-node.entity';
import type { LawVersionEntity } from '../entities/law-version.entity';
import { LAW_CATEGORY_LABELS, LawEntity } from '../entities/law.entity';
import { guessCategoryByTitle } from '../law-text/law-content';
import { defaultShortTitle, displayTitle } from '../law-titles';
import { LawRepository } from './law.repository';

const SNIPPET_CONTEXT = 40;

/** Reading the curriculum: laws, their versions and structure, articles, search. */
@Injectable()
export class LawsService {
  constructor(
    private readonly laws: LawRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  async list(query: ListLawsQueryDto): Promise<Page<LawResponseDto>> {
    const [rows, total] = await this.laws.searchLaws({
      q: query.q,
      category: query.category,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    const versions = new Map(
      (await this.laws.findVersions(rows.map((l) => l.currentVersionId).filter(isString))).map(
        (v) => [v.id, v],
      ),
    );
    return pageOf(
      rows.map((l) => toLaw(l, l.currentVersionId ? versions.get(l.currentVersionId) : undefined)),
      total,
      query,
    );
  }

  async get(id: string): Promise<LawDetailResponseDto> {
    const law = await this.requireLaw(id);
    const versions = await this.laws.versionsOf(law.id);
    const current = versions.find((v) => v.id === law.currentVersionId);
    return {
      ...toLaw(law, current),
      versions: versions.map((v) => toVersion(v, law.currentVersionId)),
    };
  }

  async update(id: string, dto: UpdateLawDto): Promise<LawDetailResponseDto> {
    await this.tx.run(async () => {
      const law = await this.requireLaw(id);
      const patch: Partial<LawEntity> = {};
      if (dto.shortTitle !== undefined) patch.shortTitle = dto.shortTitle;
      if (dto.category !== undefined) patch.category = dto.category;
      if (dto.issuingBody !== undefined) patch.issuingBody = dto.issuingBody;
      if (!Object.keys(patch).length) return;
      await this.laws.updateLaw(law.id, patch);
      await this.audit.record({
        action: 'law.update',
        target: { type: 'law', id: law.id },
        details: { title: law.title, changes: patch },
      });
    });
    return this.get(id);
  }

  async tree(lawId: string, versionId?: string): Promise<LawTreeResponseDto> {
    const { law, version } = await this.resolveVersion(lawId, versionId);
    const nodes = await this.laws.nodesOf(version.id);
    return { version: toVersion(version, law.currentVersionId), nodes: buildTree(nodes) };
  }

  async article(lawId: string, number: number, versionId?: string): Promise<ArticleResponseDto> {
    const { version } = await this.resolveVersion(lawId, versionId);
    const article = await this.laws.findArticle(version.id, number);
    if (!article) throw CurriculumErrors.ARTICLE_NOT_FOUND({ number });
    const nodes = await this.laws.nodesOf(version.id);
    return toArticle(lawId, article, nodes);
  }

  async articles(
    lawId: string,
    from: number,
    to: number,
    versionId?: string,
  ): Promise<ArticleResponseDto[]> {
    if (to < from || to - from >= MAX_ARTICLE_RANGE) {
      throw CurriculumErrors.ARTICLE_RANGE_INVALID({ max: MAX_ARTICLE_RANGE });
    }
    const { version } = await this.resolveVersion(lawId, versionId);
    const [articles, nodes] = await Promise.all([
      this.laws.articlesBetween(version.id, from, to),
      this.laws.nodesOf(version.id),
    ]);
    return articles.map((a) => toArticle(lawId, a, nodes));
  }

  /**
   * Full-text search over the current versions: every word must occur; ranked by how often the
   * words occur; the hits are marked in a snippet.
   */
  async search(query: SearchArticlesQueryDto): Promise<Page<ArticleSearchHitDto>> {
    const terms = [...new Set(query.q.split(/[\s\u3000]+/).filter(Boolean))];
    if (!terms.length || terms.length > SEARCH_TERM_LIMIT)
      throw CurriculumErrors.SEARCH_QUERY_INVALID();
    if (query.lawId) await this.requireLaw(query.lawId);
    const rows = await this.laws.searchArticles(
      terms,
      query.lawId,
      offsetOf(query),
      query.pageSize,
    );
    return pageOf(
      rows.map((r) => ({
        lawId: r.lawId,
        lawTitle: r.lawTitle,
        lawShortTitle: r.lawShortTitle,
        versionId: r.versionId,
        number: r.number,
        label: r.label,
        hits: r.hits,
        snippet: snippet(r.text, terms),
        paragraphs: r.text.split('\n'),
      })),
      rows[0]?.total ?? 0,
      query,
    );
  }

  // ---- for other modules ----

  findLaw(id: string): Promise<LawEntity | null> {
    return this.laws.findLaw(id);
  }

  /** Many laws at once, by id (the unknown ones left out). */
  async findLaws(ids: Iterable<string>): Promise<Map<string, LawEntity>> {
    const found = await this.laws.findLaws([...new Set(ids)]);
    return new Map(found.map((l) => [l.id, l]));
  }

  /** The display titles (displayTitle) of many laws, by id (the unknown ones left out). */
  async displayTitles(ids: Iterable<string>): Promise<Map<string, string>> {
    const found = await this.findLaws(ids);
    return new Map([...found].map(([id, l]) => [id, displayTitle(l)]));
  }

  findLawByName(name: string): Promise<LawEntity | null> {
    return this.laws.findLawByName(name);
  }

  findVersion(id: string): Promise<LawVersionEntity | null> {
    return this.laws.findVersion(id);
  }

  nodesOf(versionId: string): Promise<LawNodeEntity[]> {
    return this.laws.nodesOf(versionId);
  }

  existingArticles(versionId: string, numbers: number[]): Promise<Set<number>> {
    return this.laws.existingArticles(versionId, numbers);
  }

  articleTexts(versionId: string, numbers: number[]): Promise<Map<number, string>> {
    return this.laws.articleTexts(versionId, numbers);
  }

  /**
   * The law with this title, created without any text when unknown (the bundled question bank
   * can be loaded before the law texts; their first import fills the law in).
   */
  async ensureLaw(title: string, shortTitle?: string): Promise<LawEntity> {
    return this.tx.run(async () => {
      await this.laws.lockTitle(title);
      const found = await this.laws.findLawByTitle(title);
      if (found) return found;
      const law = new LawEntity();
      law.id = randomUUID();
      law.title = title;
      law.shortTitle = shortTitle ?? defaultShortTitle(title);
      law.category = guessCategoryByTitle(title);
      law.issuingBody = null;
      law.promulgatedOn = null;
      law.currentVersionId = null;
      await this.laws.insertLaw(law);
      return law;
    });
  }

  async requireLaw(id: string): Promise<LawEntity> {
    const law = await this.laws.findLaw(id);
    if (!law) throw CurriculumErrors.LAW_NOT_FOUND();
    return law;
  }

  private async resolveVersion(lawId: string, versionId?: string) {
    const law = await this.requireLaw(lawId);
    const id = versionId ?? law.currentVersionId;
    const version = id ? await this.laws.findVersion(id) : null;
    if (!version || version.lawId !== law.id) throw CurriculumErrors.VERSION_NOT_FOUND();
    return { law, version };
  }
}

const isString = (v: string | null): v is string => typeof v === 'string';

function toVersion(v: LawVersionEntity, currentId: string | null): LawVersionResponseDto {
  return {
    id: v.id,
    versionNo: v.versionNo,
    label: v.label,
    effectiveDate: v.effectiveDate,
    source: v.source,
    articleCount: v.articleCount,
    importedAt: v.importedAt.toISOString(),
    current: v.id === currentId,
  };
}

function toLaw(l: LawEntity, current: LawVersionEntity | undefined): LawResponseDto {
  return {
    id: l.id,
    title: l.title,
    shortTitle: l.shortTitle,
    category: l.category,
    categoryLabel: LAW_CATEGORY_LABELS[l.category],
    issuingBody: l.issuingBody,
    promulgatedOn: l.promulgatedOn,
    currentVersion: current ? toVersion(current, l.currentVersionId) : null,
  };
}

function buildTree(nodes: LawNodeEntity[]): LawNodeResponseDto[] {
  const byId = new Map<string, LawNodeResponseDto>();
  const roots: LawNodeResponseDto[] = [];
  for (const n of nodes) {
    const dto: LawNodeResponseDto = {
      id: n.id,
      level: n.level,
      number: n.number,
      label: n.label,
      title: n.title,
      key: n.key,
      paragraphs: n.paragraphs,
      firstArticle: n.firstArticle,
      lastArticle: n.lastArticle,
      children: [],
    };
    byId.set(n.id, dto);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(dto);
  }
  return roots;
}

function toArticle(lawId: string, a: LawArticleEntity, nodes: LawNodeEntity[]): ArticleResponseDto {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const path: ArticleResponseDto['path'] = [];
  for (
    let n = a.nodeId ? byId.get(a.nodeId) : undefined;
    n;
    n = n.parentId ? byId.get(n.parentId) : undefined
  ) {
    path.unshift({ label: n.label, title: n.title, key: n.key });
  }
  return {
    id: a.id,
    lawId,
    versionId: a.versionId,
    number: a.number,
    label: a.label,
    paragraphs: a.text.split('\n'),
    path,
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text around the first hit, every occurrence of every term wrapped in <mark>. */
export function snippet(text: string, terms: string[]): string {
  const flat = text.replace(/\n/g, ' ');
  const first = Math.min(...terms.map((t) => flat.indexOf(t)).filter((i) => i >= 0));
  const start = Math.max(0, first - SNIPPET_CONTEXT);
  const end = Math.min(flat.length, first + SNIPPET_CONTEXT * 2);
  const piece = flat.slice(start, end);
  const pattern = new RegExp(
    [...terms]
      .sort((a, b) => b.length - a.length)
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  let out = '';
  let last = 0;
  for (const m of piece.matchAll(pattern)) {
    out += `${escapeHtml(piece.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = (m.index ?? 0) + m[0].length;
  }
  out += escapeHtml(piece.slice(last));
  return `${start > 0 ? '…' : ''}${out}${end < flat.length ? '…' : ''}`;
}
