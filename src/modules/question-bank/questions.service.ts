import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth';
import { Clock } from '../../common/clock/clock';
import type { Page } from '../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../common/pagination/pagination';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import { LawsService } from '../curriculum';
import type {
  CreateQuestionDto,
  ListQuestionsQueryDto,
  QuestionDetailResponseDto,
  QuestionSummaryDto,
  ReferenceDto,
  RevisionResponseDto,
  SimilarQuestionDto,
  UpdateQuestionDto,
} from './dto/question.dto';
import { QuestionReferenceEntity } from './entities/question-reference.entity';
import { QuestionRevisionEntity } from './entities/question-revision.entity';
import type { QuestionAnswer } from './entities/question-revision.entity';
import { QuestionEntity } from './entities/question.entity';
import type { QuestionStatus } from './entities/question.entity';
import type { QuestionContent, ReferenceKey } from './question-content';
import { TRUE_FALSE_OPTIONS, contentProblems, revisionHash } from './question-content';
import type { EligibleFilter, EligibleQuestion } from './question.repository';
import { QuestionRepository } from './question.repository';
import { QuestionErrors } from './questions.errors';
import { NEAR_DUPLICATE, normalizeStem, stemSimilarity } from './stem-similarity';

export interface ResolvedReferences {
  keys: ReferenceKey[];
  /** true when every reference points at the current version of its law */
  allCurrent: boolean;
}

export interface ReferenceInput {
  lawId: string;
  versionId?: string | null;
  articles: number[];
}

export interface SaveOutcome {
  question: QuestionEntity;
  status: 'created' | 'revised' | 'unchanged';
}

@Injectable()
export class QuestionsService {
  constructor(
    private readonly questions: QuestionRepository,
    private readonly laws: LawsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async list(query: ListQuestionsQueryDto): Promise<Page<QuestionSummaryDto>> {
    const [rows, total] = await this.questions.search({
      lawId: query.lawId,
      articleFrom: query.articleFrom,
      articleTo: query.articleTo,
      type: query.type,
      difficulty: query.difficulty,
      tag: query.tag,
      status: query.status,
      needsReview: query.needsReview,
      q: query.q,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    const revisions = new Map(
      (
        await this.questions.findRevisions(rows.map((q) => q.currentRevisionId).filter(isString))
      ).map((r) => [r.id, r]),
    );
    return pageOf(
      rows.map((q) =>
        toSummary(q, q.currentRevisionId ? revisions.get(q.currentRevisionId) : undefined),
      ),
      total,
      query,
    );
  }

  async get(id: string): Promise<QuestionDetailResponseDto> {
    const q = await this.requireQuestion(id);
    return this.detail(q);
  }

  async create(principal: Principal, dto: CreateQuestionDto): Promise<QuestionDetailResponseDto> {
    const content = contentFromDto(dto.type, dto);
    assertContent(content);
    return this.tx.run(async () => {
      const code = dto.code ?? (await this.freshCode());
      if (await this.questions.findByCode(code)) throw QuestionErrors.CODE_TAKEN({ code });
      const refs = await this.resolveReferences(dto.references, content.evidence, false);
      const { question } = await this.save(code, content, refs, {
        status: dto.status ?? 'draft',
        actorId: principal.staffId,
        changeNote: null,
      });
      await this.audit.record({
        action: 'question.create',
        target: { type: 'question', id: question.id },
        details: { code },
      });
      return { ...(await this.detail(question)), similar: await this.similarTo(question) };
    });
  }

  /** Content changes make a new revision (history kept); a status change alone does not. */
  async update(
    principal: Principal,
    id: string,
    dto: UpdateQuestionDto,
  ): Promise<QuestionDetailResponseDto> {
    return this.tx.run(async () => {
      const q = await this.requireQuestion(id);
      const current = await this.requireRevision(q);
      const currentRefs = await this.questions.referencesOf([current.id]);
      const type = dto.type ?? current.type;
      const content = contentFromDto(type, {
        stem: dto.stem ?? current.stem,
        options:
          dto.options ?? (dto.type && dto.type !== current.type ? undefined : current.options),
        answer: dto.answer ?? current.answer,
        keywords: dto.keywords ?? current.keywords,
        // a change of type drops them (a fill-in's synonyms mean nothing elsewhere)
        synonyms:
          dto.synonyms ?? (dto.type && dto.type !== current.type ? undefined : current.synonyms),
        orderFree:
          dto.orderFree ?? (dto.type && dto.type !== current.type ? undefined : current.orderFree),
        explanation: dto.explanation ?? current.explanation,
        difficulty: dto.difficulty ?? current.difficulty,
        tags: dto.tags ?? current.tags,
        evidence: dto.evidence ?? current.evidence ?? undefined,
      });
      assertContent(content);
      const refs = dto.references
        ? await this.resolveReferences(dto.references, content.evidence, false)
        : await this.resolveReferences(groupReferences(currentRefs), content.evidence, true);
      const { question, status } = await this.save(q.code, content, refs, {
        status: dto.status ?? q.status,
        actorId: principal.staffId,
        changeNote: dto.changeNote ?? null,
      });
      if (status !== 'unchanged' || dto.status !== undefined) {
        await this.audit.record({
          action: 'question.update',
          target: { type: 'question', id: q.id },
          details: { code: q.code, revised: status === 'revised', status: dto.status ?? null },
        });
      }
      return { ...(await this.detail(question)), similar: await this.similarTo(question) };
    });
  }

  /**
   * Confirms a flagged question against the law's current text: its references move to the
   * current versions (a new revision) and the flag is cleared. Articles that no longer exist must
   * be fixed by an edit first.
   */
  async review(
    principal: Principal,
    id: string,
    note?: string,
  ): Promise<QuestionDetailResponseDto> {
    return this.tx.run(async () => {
      const q = await this.requireQuestion(id);
      if (!q.needsReview) throw QuestionErrors.NOT_FLAGGED();
      const current = await this.requireRevision(q);
      const refs = await this.questions.referencesOf([current.id]);
      const moved = await this.resolveReferences(
        groupReferences(refs).map((r) => ({ ...r, versionId: undefined })),
        current.evidence,
        false,
      );
      const { question } = await this.save(q.code, contentOf(current), moved, {
        status: q.status,
        actorId: principal.staffId,
        changeNote: `复核确认${note ? `：${note}` : ''}`.slice(0, 200),
        forceRevision: true,
      });
      await this.audit.record({
        action: 'question.review',
        target: { type: 'question', id: q.id },
        details: { code: q.code, reason: q.reviewReason, note: note ?? null },
      });
      return this.detail(question);
    });
  }

  async revisions(id: string): Promise<RevisionResponseDto[]> {
    const q = await this.requireQuestion(id);
    const revisions = await this.questions.revisionsOf(q.id);
    return this.revisionResponses(revisions);
  }

  async revision(id: string, no: number): Promise<RevisionResponseDto> {
    const q = await this.requireQuestion(id);
    const r = await this.questions.findRevisionByNo(q.id, no);
    if (!r) throw QuestionErrors.REVISION_NOT_FOUND({ no });
    return (await this.revisionResponses([r]))[0];
  }

  // ---- for exams ----

  /** Questions a blueprint rule may draw from (active, not flagged), with their current revision. */
  eligibleQuestions(filter: EligibleFilter): Promise<EligibleQuestion[]> {
    return this.questions.eligible(filter);
  }

  /** The questions that exist, in the order of `ids` (e.g. to pin a fixed paper's revisions). */
  async findQuestions(ids: string[]): Promise<QuestionEntity[]> {
    const found = new Map((await this.questions.findByIds(ids)).map((q) => [q.id, q]));
    return ids.map((id) => found.get(id)).filter((q): q is QuestionEntity => q !== undefined);
  }

  /** Revisions never change: exams read them by id (and may cache them). */
  revisionsByIds(ids: string[]): Promise<QuestionRevisionEntity[]> {
    return this.questions.findRevisions(ids);
  }

  // ---- shared with imports ----

  /**
   * Writes a question by code: creates it, adds a revision when the content or references
   * differ from the current revision, or leaves it alone. Callers validated everything.
   */
  async save(
    code: string,
    content: QuestionContent,
    refs: ResolvedReferences,
    opts: {
      status: QuestionStatus;
      actorId: string | null;
      changeNote: string | null;
      forceRevision?: boolean;
    },
  ): Promise<SaveOutcome> {
    const hash = revisionHash(content, refs.keys);
    const existing = await this.questions.findByCode(code);
    const current = existing?.currentRevisionId
      ? await this.questions.findRevision(existing.currentRevisionId)
      : null;
    if (existing && current && (await this.sameRevision(current, hash)) && !opts.forceRevision) {
      if (existing.status !== opts.status) {
        await this.questions.updateQuestion(existing.id, { status: opts.status });
        existing.status = opts.status;
      }
      return { question: existing, status: 'unchanged' };
    }
    const question = existing ?? new QuestionEntity();
    if (!existing) {
      question.id = randomUUID();
      question.code = code;
      question.createdBy = opts.actorId;
    }
    const revision = new QuestionRevisionEntity();
    revision.id = randomUUID();
    revision.questionId = question.id;
    revision.revisionNo = (existing?.currentRevisionNo ?? 0) + 1;
    revision.type = content.type;
    revision.stem = content.stem;
    revision.options = content.options;
    revision.answer = content.answer as QuestionAnswer;
    revision.keywords = content.keywords;
    revision.synonyms = content.synonyms;
    revision.orderFree = content.orderFree;
    revision.explanation = content.explanation;
    revision.difficulty = content.difficulty;
    revision.tags = content.tags;
    revision.evidence = content.evidence;
    revision.contentHash = hash;
    revision.changeNote = opts.changeNote;
    revision.createdAt = this.clock.now();
    revision.createdBy = opts.actorId;
    const state: Partial<QuestionEntity> = {
      type: content.type,
      status: opts.status,
      difficulty: content.difficulty,
      tags: content.tags,
      stemNormalized: normalizeStem(content.stem),
      currentRevisionId: revision.id,
      currentRevisionNo: revision.revisionNo,
      // a revision that cites only current texts is a reviewed one
      ...(refs.allCurrent ? { needsReview: false, reviewReason: null } : {}),
    };
    if (!existing) {
      Object.assign(question, { needsReview: false, reviewReason: null, ...state });
      question.currentRevisionId = null; // set once the revision exists
      await this.questions.insertQuestion(question);
    }
    await this.questions.insertRevision(
      revision,
      refs.keys.map((k) => {
        const ref = new QuestionReferenceEntity();
        ref.id = randomUUID();
        ref.revisionId = revision.id;
        ref.lawId = k.lawId;
        ref.lawVersionId = k.lawVersionId;
        ref.articleNumber = k.articleNumber;
        return ref;
      }),
    );
    await this.questions.updateQuestion(question.id, state);
    Object.assign(question, state);
    return { question, status: existing ? 'revised' : 'created' };
  }

  /**
   * Checks references: the law exists; the version (given, else current) belongs to it; every
   * article exists in it; the evidence phrase occurs in a cited article. `allowPendingLaw` lets a
   * law known only by title (no text yet) be cited; the first import of its text checks it.
   */
  async resolveReferences(
    refs: ReferenceInput[],
    evidence: string | null,
    allowPendingLaw: boolean,
  ): Promise<ResolvedReferences> {
    const keys: ReferenceKey[] = [];
    let allCurrent = true;
    let evidenceFound = evidence === null;
    let evidenceCheckable = false;
    const lawsById = await this.laws.findLaws(refs.map((r) => r.lawId));
    for (const ref of refs) {
      const law = lawsById.get(ref.lawId);
      if (!law)
        throw QuestionErrors.REFERENCE_INVALID({ reason: '法律法规不存在' }, { lawId: ref.lawId });
      const versionId = ref.versionId ?? law.currentVersionId;
      if (!versionId) {
        if (!allowPendingLaw) {
          throw QuestionErrors.REFERENCE_INVALID({ reason: `《${law.shortTitle}》尚未导入条文` });
        }
        allCurrent = false;
        for (const n of ref.articles)
          keys.push({ lawId: law.id, lawVersionId: null, articleNumber: n });
        continue;
      }
      const version = await this.laws.findVersion(versionId);
      if (!version || version.lawId !== law.id) {
        throw QuestionErrors.REFERENCE_INVALID({ reason: `《${law.shortTitle}》没有这个版本` });
      }
      if (version.id !== law.currentVersionId) allCurrent = false;
      const articles = [...new Set(ref.articles)].sort((a, b) => a - b);
      const found = new Set((await this.laws.articleTexts(version.id, articles)).keys());
      const missing = articles.filter((n) => !found.has(n));
      if (missing.length) {
        throw QuestionErrors.REFERENCE_INVALID(
          { reason: `《${law.shortTitle}》（${version.label}）没有第 ${missing.join('、')} 条` },
          { lawId: law.id, missing },
        );
      }
      if (evidence !== null && !evidenceFound) {
        evidenceCheckable = true;
        const texts = await this.laws.articleTexts(version.id, articles);
        evidenceFound = [...texts.values()].some((t) =>
          t.split('\n').some((p) => p.includes(evidence)),
        );
      }
      for (const n of articles)
        keys.push({ lawId: law.id, lawVersionId: version.id, articleNumber: n });
    }
    if (evidence !== null && evidenceCheckable && !evidenceFound) {
      throw QuestionErrors.REFERENCE_INVALID({ reason: `依据原文“${evidence}”不在所引条文中` });
    }
    return { keys, allCurrent };
  }

  /** Identical or nearly identical stems among the other questions. */
  async similarTo(q: Pick<QuestionEntity, 'id' | 'stemNormalized'>): Promise<SimilarQuestionDto[]> {
    const candidates = await this.questions.similarStems(q.stemNormalized, q.id);
    return candidates
      .map((c) => ({
        id: c.id,
        code: c.code,
        similarity: round(stemSimilarity(c.stemNormalized, q.stemNormalized)),
      }))
      .filter((c) => c.similarity >= NEAR_DUPLICATE);
  }

  private async freshCode(): Promise<string> {
    for (;;) {
      const code = `Q-${randomBytes(4).toString('hex').toUpperCase()}`;
      if (!(await this.questions.findByCode(code))) return code;
    }
  }

  private async requireQuestion(id: string): Promise<QuestionEntity> {
    const q = await this.questions.findById(id);
    if (!q) throw QuestionErrors.NOT_FOUND();
    return q;
  }

  /**
   * Whether `hash` is the current revision's. The stored hash names the reference versions of the
   * day it was written; references made before a law had a text were attached to its first version
   * since, so on a mismatch the hash is worked out again from the references as they are now.
   */
  private async sameRevision(current: QuestionRevisionEntity, hash: string): Promise<boolean> {
    if (current.contentHash === hash) return true;
    const refs = await this.questions.referencesOf([current.id]);
    return revisionHash(contentOf(current), refs) === hash;
  }

  private async requireRevision(q: QuestionEntity): Promise<QuestionRevisionEntity> {
    const r = q.currentRevisionId ? await this.questions.findRevision(q.currentRevisionId) : null;
    if (!r) throw QuestionErrors.NOT_FOUND();
    return r;
  }

  private async detail(q: QuestionEntity): Promise<QuestionDetailResponseDto> {
    const current = await this.requireRevision(q);
    const [response] = await this.revisionResponses([current]);
    return { ...toSummary(q, current), current: response };
  }

  async revisionResponses(revisions: QuestionRevisionEntity[]): Promise<RevisionResponseDto[]> {
    const refs = await this.questions.referencesOf(revisions.map((r) => r.id));
    const lawIds = [...new Set(refs.map((r) => r.lawId))];
    const versionIds = [...new Set(refs.map((r) => r.lawVersionId).filter(isString))];
    const found = await this.laws.findLaws(lawIds);
    const laws = new Map([...found].map(([id, l]) => [id, l.title]));
    const versions = new Map<string, string>();
    for (const id of versionIds) versions.set(id, (await this.laws.findVersion(id))?.label ?? '');
    return revisions.map((r) => ({
      id: r.id,
      revisionNo: r.revisionNo,
      type: r.type,
      stem: r.stem,
      options: r.options,
      answer: r.answer,
      keywords: r.keywords,
      synonyms: r.synonyms,
      orderFree: r.orderFree,
      explanation: r.explanation,
      difficulty: r.difficulty,
      tags: r.tags,
      evidence: r.evidence,
      references: groupReferences(refs.filter((x) => x.revisionId === r.id)).map((g) => ({
        lawId: g.lawId,
        lawTitle: laws.get(g.lawId) ?? '',
        versionId: g.versionId,
        versionLabel: g.versionId ? (versions.get(g.versionId) ?? null) : null,
        articles: g.articles,
      })),
      changeNote: r.changeNote,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

const isString = (v: string | null | undefined): v is string => typeof v === 'string';
const round = (n: number) => Math.round(n * 1000) / 1000;

/** References of a revision grouped per law and version. */
export function groupReferences(
  refs: Pick<QuestionReferenceEntity, 'lawId' | 'lawVersionId' | 'articleNumber'>[],
): { lawId: string; versionId: string | null; articles: number[] }[] {
  const groups = new Map<string, { lawId: string; versionId: string | null; articles: number[] }>();
  for (const r of refs) {
    const key = `${r.lawId}:${r.lawVersionId ?? ''}`;
    const g = groups.get(key) ?? { lawId: r.lawId, versionId: r.lawVersionId, articles: [] };
    g.articles.push(r.articleNumber);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g, articles: g.articles.sort((a, b) => a - b) }));
}

/** API input → content; true/false gets 正确/错误 when no options are given. */
export function contentFromDto(
  type: QuestionContent['type'],
  dto: {
    stem: string;
    options?: string[];
    answer: unknown;
    keywords?: string[];
    synonyms?: unknown;
    orderFree?: boolean;
    explanation: string;
    difficulty: number;
    tags?: string[];
    evidence?: string;
  },
): QuestionContent {
  const options =
    type === 'true_false' && !dto.options?.length ? TRUE_FALSE_OPTIONS : (dto.options ?? []);
  return {
    type,
    stem: dto.stem.trim(),
    options: options.map((o) => o.trim()),
    answer: normalizeAnswer(type, dto.answer),
    keywords: dto.keywords ?? [],
    synonyms: normalizeSynonyms(dto.synonyms),
    orderFree: dto.orderFree === true,
    explanation: dto.explanation.trim(),
    difficulty: dto.difficulty,
    tags: [...new Set((dto.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    evidence: dto.evidence?.trim() ? dto.evidence.trim() : null,
  };
}

/** Trimmed; no synonym for any blank is the same as none at all ([]). Odd shapes pass to the check. */
function normalizeSynonyms(synonyms: unknown): string[][] {
  if (synonyms === undefined || synonyms === null) return [];
  if (!Array.isArray(synonyms)) return synonyms as string[][];
  const lists = synonyms.map((list: unknown) =>
    Array.isArray(list) ? list.map((x: unknown) => (typeof x === 'string' ? x.trim() : x)) : list,
  );
  return lists.every((l) => Array.isArray(l) && l.length === 0) ? [] : (lists as string[][]);
}

function normalizeAnswer(type: QuestionContent['type'], answer: unknown): unknown {
  if (type === 'multiple_choice' && Array.isArray(answer)) {
    return [...(answer as unknown[])]
      .map((x) => (typeof x === 'string' ? x.trim().toUpperCase() : x))
      .sort();
  }
  if ((type === 'single_choice' || type === 'true_false') && typeof answer === 'string') {
    return answer.trim().toUpperCase();
  }
  return answer;
}

export function contentOf(r: QuestionRevisionEntity): QuestionContent {
  return {
    type: r.type,
    stem: r.stem,
    options: r.options,
    answer: r.answer,
    keywords: r.keywords,
    synonyms: r.synonyms,
    orderFree: r.orderFree,
    explanation: r.explanation,
    difficulty: r.difficulty,
    tags: r.tags,
    evidence: r.evidence,
  };
}

export function assertContent(content: QuestionContent): void {
  const problems = contentProblems(content);
  if (problems.length) {
    throw QuestionErrors.CONTENT_INVALID(
      { reason: problems.map((p) => p.message).join('；') },
      problems,
    );
  }
}

function toSummary(q: QuestionEntity, r: QuestionRevisionEntity | undefined): QuestionSummaryDto {
  return {
    id: q.id,
    code: q.code,
    type: q.type,
    status: q.status,
    difficulty: q.difficulty,
    tags: q.tags,
    needsReview: q.needsReview,
    reviewReason: q.reviewReason,
    revisionNo: q.currentRevisionNo,
    stem: r?.stem ?? '',
  };
}

export type { ReferenceDto };
