import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { likeEscape } from '../../../database/sql';
import { TransactionHost } from '../../../database/transaction-host';
import { LawArticleEntity } from '../entities/law-article.entity';
import { LawNodeEntity } from '../entities/law-node.entity';
import { LawVersionEntity } from '../entities/law-version.entity';
import { LawEntity } from '../entities/law.entity';
import type { LawCategory } from '../entities/law.entity';

/** Arbitrary constant: the advisory lock namespace for imports of one law title. */
const IMPORT_LOCK = 7_240_201;

export interface LawFilter {
  q?: string;
  category?: LawCategory;
  offset: number;
  limit: number;
}

export interface ArticleHit {
  articleId: string;
  number: number;
  label: string;
  text: string;
  lawId: string;
  lawTitle: string;
  lawShortTitle: string;
  versionId: string;
  hits: number;
  total: number;
}

@Injectable()
export class LawRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Serialises imports of the same title (inside the caller's transaction). */
  async lockTitle(title: string): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      IMPORT_LOCK,
      title,
    ]);
  }

  findLaw(id: string): Promise<LawEntity | null> {
    return this.tx.repository(LawEntity).findOneBy({ id });
  }

  async findLaws(ids: string[]): Promise<LawEntity[]> {
    return ids.length ? this.tx.repository(LawEntity).findBy({ id: In(ids) }) : [];
  }

  findLawByTitle(title: string): Promise<LawEntity | null> {
    return this.tx.repository(LawEntity).findOneBy({ title });
  }

  /** By full or short title, with or without 《》 and the 中华人民共和国 prefix. */
  async findLawByName(name: string): Promise<LawEntity | null> {
    const bare = name.replace(/[《》〈〉\s]/g, '');
    const short = bare.replace(/^中华人民共和国/, '');
    return this.tx
      .repository(LawEntity)
      .createQueryBuilder('l')
      .where('l.title = :bare OR l.short_title = :bare OR l.short_title = :short', { bare, short })
      .orWhere(`regexp_replace(l.title, '^中华人民共和国', '') = :short`, { short })
      .orderBy('l.title', 'ASC')
      .getOne();
  }

  async insertLaw(law: LawEntity): Promise<void> {
    await this.tx.repository(LawEntity).insert(law);
  }

  async updateLaw(id: string, patch: Partial<LawEntity>): Promise<void> {
    await this.tx.repository(LawEntity).update({ id }, patch);
  }

  async searchLaws(filter: LawFilter): Promise<[LawEntity[], number]> {
    const qb = this.tx.repository(LawEntity).createQueryBuilder('l');
    if (filter.q) {
      qb.andWhere('(l.title LIKE :q OR l.short_title LIKE :q)', { q: `%${likeEscape(filter.q)}%` });
    }
    if (filter.category) qb.andWhere('l.category = :c', { c: filter.category });
    return qb
      .orderBy('l.category', 'ASC')
      .addOrderBy('l.title', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  findVersion(id: string): Promise<LawVersionEntity | null> {
    return this.tx.repository(LawVersionEntity).findOneBy({ id });
  }

  findVersions(ids: string[]): Promise<LawVersionEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.tx
      .repository(LawVersionEntity)
      .createQueryBuilder('v')
      .where('v.id IN (:...ids)', { ids })
      .getMany();
  }

  versionsOf(lawId: string): Promise<LawVersionEntity[]> {
    return this.tx.repository(LawVersionEntity).find({
      where: { lawId },
      order: { versionNo: 'DESC' },
    });
  }

  async nextVersionNo(lawId: string): Promise<number> {
    const rows = await this.tx.manager.query<{ n: number }[]>(
      'SELECT COALESCE(max(version_no), 0)::int + 1 AS n FROM law_version WHERE law_id = $1',
      [lawId],
    );
    return rows[0].n;
  }

  async insertVersion(version: LawVersionEntity): Promise<void> {
    await this.tx.repository(LawVersionEntity).insert(version);
  }

  async insertNodes(nodes: LawNodeEntity[]): Promise<void> {
    for (let i = 0; i < nodes.length; i += 500) {
      await this.tx.repository(LawNodeEntity).insert(nodes.slice(i, i + 500));
    }
  }

  async insertArticles(articles: LawArticleEntity[]): Promise<void> {
    for (let i = 0; i < articles.length; i += 300) {
      await this.tx.repository(LawArticleEntity).insert(articles.slice(i, i + 300));
    }
  }

  nodesOf(versionId: string): Promise<LawNodeEntity[]> {
    return this.tx.repository(LawNodeEntity).find({
      where: { versionId },
      order: { sortOrder: 'ASC' },
    });
  }

  articleHashes(versionId: string): Promise<{ number: number; contentHash: string }[]> {
    return this.tx.repository(LawArticleEntity).find({
      select: { number: true, contentHash: true },
      where: { versionId },
      order: { number: 'ASC' },
    });
  }

  findArticle(versionId: string, number: number): Promise<LawArticleEntity | null> {
    return this.tx.repository(LawArticleEntity).findOneBy({ versionId, number });
  }

  articlesBetween(versionId: string, from: number, to: number): Promise<LawArticleEntity[]> {
    return this.tx
      .repository(LawArticleEntity)
      .createQueryBuilder('a')
      .where('a.version_id = :versionId AND a.number BETWEEN :from AND :to', {
        versionId,
        from,
        to,
      })
      .orderBy('a.number', 'ASC')
      .getMany();
  }

  /** Text of these articles of the version, by number (absent numbers are missing). */
  async articleTexts(versionId: string, numbers: number[]): Promise<Map<number, string>> {
    if (!numbers.length) return new Map();
    const rows = await this.tx.manager.query<{ number: number; text: string }[]>(
      'SELECT number, text FROM law_article WHERE version_id = $1 AND number = ANY($2::int[])',
      [versionId, numbers],
    );
    return new Map(rows.map((r) => [r.number, r.text]));
  }

  /** Which of these article numbers exist in the version. */
  async existingArticles(versionId: string, numbers: number[]): Promise<Set<number>> {
    if (!numbers.length) return new Set();
    const rows = await this.tx.manager.query<{ number: number }[]>(
      'SELECT number FROM law_article WHERE version_id = $1 AND number = ANY($2::int[])',
      [versionId, numbers],
    );
    return new Set(rows.map((r) => r.number));
  }

  /**
   * Articles of current versions containing every term, ranked by how often the terms occur.
   * LIKE '%…%' on the trigram-indexed text works for Chinese substrings of any length.
   */
  async searchArticles(
    terms: string[],
    lawId: string | undefined,
    offset: number,
    limit: number,
  ): Promise<ArticleHit[]> {
    const params: unknown[] = [];
    const likes = terms.map((t) => {
      params.push(`%${likeEscape(t)}%`);
      return `a.text LIKE $${params.length}`;
    });
    const hits = terms.map((t) => {
      params.push(t);
      const p = `$${params.length}`;
      return `(length(a.text) - length(replace(a.text, ${p}, ''))) / length(${p})`;
    });
    let lawFilter = '';
    if (lawId) {
      params.push(lawId);
      lawFilter = `AND l.id = $${params.length}`;
    }
    params.push(offset, limit);
    return this.tx.manager.query<ArticleHit[]>(
      `SELECT a.id AS "articleId", a.number, a.label, a.text,
              l.id AS "lawId", l.title AS "lawTitle", l.short_title AS "lawShortTitle",
              a.version_id AS "versionId",
              (${hits.join(' + ')})::int AS hits,
              count(*) OVER ()::int AS total
         FROM law_article a
         JOIN law l ON l.current_version_id = a.version_id
        WHERE ${likes.join(' AND ')} ${lawFilter}
        ORDER BY hits DESC, l.title ASC, a.number ASC
        OFFSET $${params.length - 1} LIMIT $${params.length}`,
      params,
    );
  }
}
