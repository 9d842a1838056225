import { Injectable } from '@nestjs/common';
import { likeEscape } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import type { QuestionType } from './question-content';
import { QuestionReferenceEntity } from './entities/question-reference.entity';
import { QuestionRevisionEntity } from './entities/question-revision.entity';
import { QuestionEntity } from './entities/question.entity';
import type { QuestionStatus } from './entities/question.entity';

export interface QuestionFilter {
  lawId?: string;
  articleFrom?: number;
  articleTo?: number;
  type?: QuestionType;
  difficulty?: number;
  tag?: string;
  status?: QuestionStatus;
  needsReview?: boolean;
  q?: string;
  offset: number;
  limit: number;
}

export interface EligibleFilter {
  type: QuestionType;
  difficultyMin: number;
  difficultyMax: number;
  tags: string[];
  lawIds: string[];
  articleFrom: number | null;
  articleTo: number | null;
  /** Questions to leave out (e.g. those of a person's running exam, for practice). */
  excludeIds?: readonly string[];
}

export interface EligibleQuestion {
  questionId: string;
  revisionId: string;
  type: QuestionType;
  optionCount: number;
}

export interface SimilarStem {
  id: string;
  code: string;
  stemNormalized: string;
}

@Injectable()
export class QuestionRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get questions() {
    return this.tx.repository(QuestionEntity);
  }

  findById(id: string): Promise<QuestionEntity | null> {
    return this.questions.findOneBy({ id });
  }

  async findByIds(ids: string[]): Promise<QuestionEntity[]> {
    if (!ids.length) return [];
    return this.questions
      .createQueryBuilder('q')
      .where('q.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
  }

  findByCode(code: string): Promise<QuestionEntity | null> {
    return this.questions.findOneBy({ code });
  }

  async findByCodes(codes: string[]): Promise<QuestionEntity[]> {
    if (!codes.length) return [];
    return this.questions
      .createQueryBuilder('q')
      .where('q.code IN (:...codes)', { codes })
      .getMany();
  }

  async count(): Promise<number> {
    return this.questions.count();
  }

  async insertQuestion(q: QuestionEntity): Promise<void> {
    await this.questions.insert(q);
  }

  async updateQuestion(id: string, patch: Partial<QuestionEntity>): Promise<void> {
    await this.questions.update({ id }, patch);
  }

  async insertRevision(r: QuestionRevisionEntity, refs: QuestionReferenceEntity[]): Promise<void> {
    await this.tx.repository(QuestionRevisionEntity).insert(r);
    if (refs.length) await this.tx.repository(QuestionReferenceEntity).insert(refs);
  }

  findRevision(id: string): Promise<QuestionRevisionEntity | null> {
    return this.tx.repository(QuestionRevisionEntity).findOneBy({ id });
  }

  async findRevisions(ids: string[]): Promise<QuestionRevisionEntity[]> {
    if (!ids.length) return [];
    return this.tx
      .repository(QuestionRevisionEntity)
      .createQueryBuilder('r')
      .where('r.id IN (:...ids)', { ids })
      .getMany();
  }

  findRevisionByNo(questionId: string, revisionNo: number): Promise<QuestionRevisionEntity | null> {
    return this.tx.repository(QuestionRevisionEntity).findOneBy({ questionId, revisionNo });
  }

  revisionsOf(questionId: string): Promise<QuestionRevisionEntity[]> {
    return this.tx
      .repository(QuestionRevisionEntity)
      .find({ where: { questionId }, order: { revisionNo: 'DESC' } });
  }

  async referencesOf(revisionIds: string[]): Promise<QuestionReferenceEntity[]> {
    if (!revisionIds.length) return [];
    return this.tx
      .repository(QuestionReferenceEntity)
      .createQueryBuilder('r')
      .where('r.revision_id IN (:...ids)', { ids: revisionIds })
      .orderBy('r.article_number', 'ASC')
      .getMany();
  }

  async search(filter: QuestionFilter): Promise<[QuestionEntity[], number]> {
    const qb = this.questions.createQueryBuilder('q');
    if (filter.lawId) {
      const cond = ['r.revision_id = q.current_revision_id', 'r.law_id = :lawId'];
      if (filter.articleFrom !== undefined) cond.push('r.article_number >= :from');
      if (filter.articleTo !== undefined) cond.push('r.article_number <= :to');
      qb.andWhere(`EXISTS (SELECT 1 FROM question_reference r WHERE ${cond.join(' AND ')})`, {
        lawId: filter.lawId,
        from: filter.articleFrom,
        to: filter.articleTo,
      });
    }
    if (filter.type) qb.andWhere('q.type = :type', { type: filter.type });
    if (filter.difficulty) qb.andWhere('q.difficulty = :d', { d: filter.difficulty });
    if (filter.tag) qb.andWhere(':tag = ANY(q.tags)', { tag: filter.tag });
    if (filter.status) qb.andWhere('q.status = :status', { status: filter.status });
    if (filter.needsReview !== undefined) {
      qb.andWhere('q.needs_review = :nr', { nr: filter.needsReview });
    }
    if (filter.q) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM question_revision v WHERE v.id = q.current_revision_id AND v.stem LIKE :q)',
        { q: `%${likeEscape(filter.q)}%` },
      );
    }
    return qb.orderBy('q.code', 'ASC').offset(filter.offset).limit(filter.limit).getManyAndCount();
  }

  /**
   * Questions a random paper may draw: active, not waiting for review, of the type, within the
   * difficulties, carrying any of the tags, citing any of the laws (and article range).
   */
  async eligible(filter: EligibleFilter): Promise<EligibleQuestion[]> {
    const params: unknown[] = [filter.type, filter.difficultyMin, filter.difficultyMax];
    const where = [
      `q.status = 'active'`,
      'NOT q.needs_review',
      'q.type = $1',
      'q.difficulty BETWEEN $2 AND $3',
    ];
    if (filter.tags.length) {
      params.push(filter.tags);
      where.push(`q.tags && $${params.length}::text[]`);
    }
    if (filter.excludeIds?.length) {
      params.push(filter.excludeIds);
      where.push(`q.id <> ALL($${params.length}::uuid[])`);
    }
    if (filter.lawIds.length) {
      params.push(filter.lawIds);
      const cond = [
        `r.revision_id = q.current_revision_id`,
        `r.law_id = ANY($${params.length}::uuid[])`,
      ];
      if (filter.articleFrom !== null) {
        params.push(filter.articleFrom);
        cond.push(`r.article_number >= $${params.length}`);
      }
      if (filter.articleTo !== null) {
        params.push(filter.articleTo);
        cond.push(`r.article_number <= $${params.length}`);
      }
      where.push(`EXISTS (SELECT 1 FROM question_reference r WHERE ${cond.join(' AND ')})`);
    }
    return this.tx.manager.query<EligibleQuestion[]>(
      `SELECT q.id AS "questionId", q.current_revision_id AS "revisionId", q.type,
              jsonb_array_length(v.options) AS "optionCount"
         FROM question q JOIN question_revision v ON v.id = q.current_revision_id
        WHERE ${where.join(' AND ')}
        ORDER BY q.code`,
      params,
    );
  }

  /** Candidates for near-duplicate stems: trigram similarity, refined by the caller. */
  async similarStems(
    normalized: string,
    excludeId: string | null,
    limit = 10,
  ): Promise<SimilarStem[]> {
    return this.tx.manager.query<SimilarStem[]>(
      `SELECT id, code, stem_normalized AS "stemNormalized"
         FROM question
        WHERE stem_normalized % $1 AND ($2::uuid IS NULL OR id <> $2)
        ORDER BY similarity(stem_normalized, $1) DESC
        LIMIT $3`,
      [normalized, excludeId, limit],
    );
  }

  /**
   * Flags the questions whose current revision cites any of these articles of the version, and
   * returns how many were newly flagged.
   */
  async flagCiting(versionId: string, articles: number[], reason: string): Promise<number> {
    if (!articles.length) return 0;
    const [, count] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE question q
          SET needs_review = true, review_reason = $3, updated_at = now()
        WHERE NOT q.needs_review
          AND EXISTS (SELECT 1 FROM question_reference r
                       WHERE r.revision_id = q.current_revision_id
                         AND r.law_version_id = $1 AND r.article_number = ANY($2::int[]))`,
      [versionId, articles, reason.slice(0, 500)],
    );
    return count;
  }

  /** References made before the law had a text now point at its first version. */
  async attachPendingReferences(lawId: string, versionId: string): Promise<void> {
    await this.tx.manager.query(
      `UPDATE question_reference SET law_version_id = $2
        WHERE law_id = $1 AND law_version_id IS NULL`,
      [lawId, versionId],
    );
  }

  /** Current questions citing articles that the version does not have. */
  async flagMissingArticles(lawId: string, versionId: string, reason: string): Promise<number> {
    const [, count] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE question q
          SET needs_review = true, review_reason = $3, updated_at = now()
        WHERE NOT q.needs_review
          AND EXISTS (SELECT 1 FROM question_reference r
                       WHERE r.revision_id = q.current_revision_id AND r.law_id = $1
                         AND NOT EXISTS (SELECT 1 FROM law_article a
                                          WHERE a.version_id = $2 AND a.number = r.article_number))`,
      [lawId, versionId, reason],
    );
    return count;
  }

  /** Current questions whose evidence phrase is in none of the articles they cite. */
  async flagEvidenceMismatch(lawId: string, versionId: string, reason: string): Promise<number> {
    const [, count] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE question q
          SET needs_review = true, review_reason = $3, updated_at = now()
         FROM question_revision v
        WHERE v.id = q.current_revision_id AND NOT q.needs_review AND v.evidence IS NOT NULL
          AND EXISTS (SELECT 1 FROM question_reference r
                       WHERE r.revision_id = v.id AND r.law_id = $1)
          AND NOT EXISTS (SELECT 1 FROM question_reference r
                           WHERE r.revision_id = v.id AND r.law_id <> $1)
          AND NOT EXISTS (SELECT 1 FROM question_reference r
                            JOIN law_article a ON a.version_id = $2 AND a.number = r.article_number
                           WHERE r.revision_id = v.id AND r.law_id = $1
                             AND strpos(a.text, v.evidence) > 0)`,
      [lawId, versionId, reason],
    );
    return count;
  }
}
