import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../../common/auth';
import { pathInScope, scopePaths } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { OrgUnitsService } from '../../org-units';
import type { OrgUnitEntity } from '../../org-units';
import { PlansService } from '../../curriculum';
import { LETTERS, TYPE_LABELS, QuestionsService } from '../../question-bank';
import { StaffService } from '../../staff';
import { AttemptRepository } from '../attempt.repository';
import { DeadlineScheduler } from '../taking/deadline-scheduler.service';
import type {
  BlueprintRuleDto,
  ChangeExamStatusDto,
  CreateExamDto,
  ExamDetailResponseDto,
  ExamPreviewDto,
  ExamResponseDto,
  ExtraTimeResponseDto,
  FixedQuestionDto,
  GrantExtraTimeDto,
  ListExamsQueryDto,
  RuleAvailabilityDto,
  RuleAvailabilityQueryDto,
  UpdateExamDto,
} from '../dto/exam.dto';
import { ExamExtraTimeEntity } from '../entities/exam-attempt.entity';
import {
  ExamBlueprintRuleEntity,
  ExamFixedQuestionEntity,
  ExamPoolQuestionEntity,
} from '../entities/exam-paper.entity';
import type { ExamStatus } from '../entities/exam.entity';
import { ExamEntity } from '../entities/exam.entity';
import { ExamRepository } from '../exam.repository';
import { ExamErrors } from '../exams.errors';
import { keyInDisplayOrder } from '../grading/grading';
import type { PaperSource } from './paper-builder';
import { allocatePools, buildPaper } from './paper-builder';

/** Secretaries and admins manage the exams of the units in their scope. */
export const EXAM_MANAGERS: readonly RoleName[] = ['secretary', 'admin'];

const STATUS_LABELS: Record<ExamStatus, string> = {
  draft: '草稿',
  published: '已发布',
  closed: '已结束',
  archived: '已归档',
};

@Injectable()
export class ExamAuthoringService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly attempts: AttemptRepository,
    private readonly units: OrgUnitsService,
    private readonly plans: PlansService,
    private readonly staff: StaffService,
    private readonly questions: QuestionsService,
    private readonly scheduler: DeadlineScheduler,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, dto: CreateExamDto): Promise<ExamDetailResponseDto> {
    const unit = await this.managedUnit(principal, dto.unitId);
    let passMark = dto.passMark;
    if (dto.planId) {
      const plan = await this.plans.findPlan(dto.planId);
      const planUnit = plan ? await this.units.findById(plan.unitId) : null;
      if (!plan || !planUnit || !unit.path.startsWith(planUnit.path))
        throw ExamErrors.PLAN_NOT_FOUND();
      passMark ??= plan.passMark;
    }
    if (dto.kind === 'makeup') {
      const parent = dto.parentExamId ? await this.exams.findById(dto.parentExamId) : null;
      if (!parent || parent.kind !== 'official') throw ExamErrors.PARENT_NOT_FOUND();
      await this.requireManaged(principal, parent.id);
    } else if (dto.parentExamId) {
      throw ExamErrors.PAPER_INVALID({ reason: '只有补考可以指定对应的正式考试' });
    }
    const exam = new ExamEntity();
    exam.id = randomUUID();
    exam.unitId = unit.id;
    exam.planId = dto.planId ?? null;
    exam.parentExamId = dto.kind === 'makeup' ? (dto.parentExamId ?? null) : null;
    exam.title = dto.title;
    exam.kind = dto.kind;
    exam.status = 'draft';
    exam.opensAt = new Date(dto.opensAt);
    exam.closesAt = new Date(dto.closesAt);
    exam.durationSeconds = dto.durationMinutes * 60;
    exam.passMark = passMark ?? 60;
    exam.attemptsAllowed = dto.attemptsAllowed ?? 1;
    exam.scorePolicy = dto.scorePolicy ?? 'highest';
    exam.paperMode = dto.paperMode;
    exam.shuffleQuestions = dto.shuffleQuestions ?? false;
    exam.shuffleOptions = dto.shuffleOptions ?? false;
    exam.multipleChoiceScoring = dto.multipleChoiceScoring ?? 'all_or_nothing';
    exam.reviewContent = dto.reviewContent ?? 'score_only';
    exam.reviewTiming = dto.reviewTiming ?? 'after_submit';
    exam.totalPoints = 0;
    exam.audienceUnitIds = [...new Set(dto.audienceUnitIds ?? [])];
    exam.audienceStaffIds = [...new Set(dto.audienceStaffIds ?? [])];
    exam.publishedAt = null;
    exam.createdBy = principal.staffId;
    assertWindow(exam);
    return this.tx.run(async () => {
      await this.assertAudience(principal, exam);
      await this.exams.insert(exam);
      await this.writePaper(exam, dto.questions ?? [], dto.rules ?? []);
      await this.audited(exam, 'exam.create', { title: exam.title, kind: exam.kind });
      return this.detail(exam.id);
    });
  }

  async list(principal: Principal, query: ListExamsQueryDto): Promise<Page<ExamResponseDto>> {
    const [rows, total] = await this.exams.search({
      scopePaths: scopePaths(principal, EXAM_MANAGERS),
      status: query.status,
      planId: query.planId,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    return pageOf(rows.map(toExam), total, query);
  }

  async get(principal: Principal, id: string): Promise<ExamDetailResponseDto> {
    await this.requireManaged(principal, id);
    return this.detail(id);
  }

  /**
   * A draft may change anything. A published exam keeps its rules: only its closing time may move
   * later (audited); everything else is refused.
   */
  async update(
    principal: Principal,
    id: string,
    dto: UpdateExamDto,
  ): Promise<ExamDetailResponseDto> {
    return this.tx.run(async () => {
      await this.requireManaged(principal, id);
      const exam = (await this.exams.lock(id)) as ExamEntity;
      const changes = Object.entries(dto)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
      if (exam.status !== 'draft') {
        const onlyClose = changes.length === 1 && changes[0] === 'closesAt';
        if (!onlyClose || exam.status !== 'published') throw ExamErrors.NOT_DRAFT();
        const closesAt = new Date(dto.closesAt as string);
        if (closesAt <= exam.closesAt) {
          throw ExamErrors.WINDOW_INVALID({ reason: '发布后只能把截止时间往后延' });
        }
        await this.exams.update(exam.id, { closesAt });
        await this.audited(exam, 'exam.window_extend', {
          from: exam.closesAt.toISOString(),
          to: closesAt.toISOString(),
        });
        return this.detail(exam.id);
      }
      const patch: Partial<ExamEntity> = {
        ...pick(dto, [
          'title',
          'passMark',
          'attemptsAllowed',
          'scorePolicy',
          'paperMode',
          'shuffleQuestions',
          'shuffleOptions',
          'multipleChoiceScoring',
          'reviewContent',
          'reviewTiming',
        ]),
        ...(dto.opensAt !== undefined ? { opensAt: new Date(dto.opensAt) } : {}),
        ...(dto.closesAt !== undefined ? { closesAt: new Date(dto.closesAt) } : {}),
        ...(dto.durationMinutes !== undefined ? { durationSeconds: dto.durationMinutes * 60 } : {}),
        ...(dto.audienceUnitIds ? { audienceUnitIds: [...new Set(dto.audienceUnitIds)] } : {}),
        ...(dto.audienceStaffIds ? { audienceStaffIds: [...new Set(dto.audienceStaffIds)] } : {}),
      };
      const next = { ...exam, ...patch };
      assertWindow(next);
      await this.assertAudience(principal, next);
      if (Object.keys(patch).length) await this.exams.update(exam.id, patch);
      if (dto.questions || dto.rules || dto.paperMode) {
        const current = await this.detail(exam.id);
        await this.writePaper(
          next,
          dto.questions ??
            (next.paperMode === 'fixed'
              ? current.questions.map((q) => ({ questionId: q.questionId, points: q.points }))
              : []),
          dto.rules ??
            (next.paperMode === 'random'
              ? current.rules.map((r) => ({
                  ...r,
                  articleFrom: r.articleFrom ?? undefined,
                  articleTo: r.articleTo ?? undefined,
                }))
              : []),
        );
      }
      await this.audited(exam, 'exam.update', { changes });
      return this.detail(exam.id);
    });
  }

  /** draft → published → closed → archived. Publishing fixes the audience and the paper. */
  async changeStatus(
    principal: Principal,
    id: string,
    dto: ChangeExamStatusDto,
  ): Promise<ExamDetailResponseDto> {
    return this.tx.run(async () => {
      await this.requireManaged(principal, id);
      const exam = (await this.exams.lock(id)) as ExamEntity;
      const allowed: Record<ExamStatus, ExamStatus[]> = {
        draft: ['published'],
        published: ['closed'],
        closed: ['archived'],
        archived: [],
      };
      if (!allowed[exam.status].includes(dto.status)) {
        throw ExamErrors.STATUS_TRANSITION({
          from: STATUS_LABELS[exam.status],
          to: STATUS_LABELS[dto.status],
        });
      }
      let details: Record<string, unknown> = {};
      if (dto.status === 'published') await this.publish(exam);
      else if (dto.status === 'closed' && this.clock.now() < exam.closesAt) {
        details = await this.closeEarly(principal, exam, dto.reason);
      } else {
        await this.exams.update(exam.id, { status: dto.status });
      }
      await this.audited(
        exam,
        `exam.${dto.status === 'published' ? 'publish' : dto.status === 'closed' ? 'close' : 'archive'}`,
        details,
      );
      return this.detail(exam.id);
    });
  }

  /**
   * How many questions each blueprint rule could draw from right now, as publishing would
   * allocate them (disjoint pools), so the wizard shows a shortfall before publishing.
   */
  async ruleAvailability(dto: RuleAvailabilityQueryDto): Promise<RuleAvailabilityDto[]> {
    const rules = dto.rules.map((r) => ({
      type: r.type,
      count: r.count,
      difficultyMin: r.difficultyMin ?? 1,
      difficultyMax: r.difficultyMax ?? 5,
      tags: r.tags ?? [],
      lawIds: r.lawIds ?? [],
      articleFrom: r.lawIds?.length === 1 ? (r.articleFrom ?? null) : null,
      articleTo: r.lawIds?.length === 1 ? (r.articleTo ?? null) : null,
    }));
    const eligible: PaperSource[][] = [];
    for (const r of rules) eligible.push(await this.questions.eligibleQuestions(r));
    const pools = allocatePools(rules, eligible);
    return rules.map((r, i) => ({
      position: i + 1,
      needed: r.count,
      matching: eligible[i].length,
      available: pools[i].length,
    }));
  }

  /** A sample paper as an examinee could get it, with the keys, for the secretary. */
  async preview(principal: Principal, id: string): Promise<ExamPreviewDto> {
    const exam = await this.requireManaged(principal, id);
    const spec =
      exam.status === 'draft' ? await this.draftSpec(exam) : await this.publishedSpec(exam);
    const paper = buildPaper(spec);
    const revisions = new Map(
      (await this.questions.revisionsByIds(paper.map((p) => p.revisionId))).map((r) => [r.id, r]),
    );
    const codes = new Map(
      (await this.questions.findQuestions(paper.map((p) => p.questionId))).map((q) => [
        q.id,
        q.code,
      ]),
    );
    return {
      totalPoints: paper.reduce((n, p) => n + p.points, 0),
      questions: paper.map((p, i) => {
        const r = revisions.get(p.revisionId);
        return {
          position: i + 1,
          questionId: p.questionId,
          code: codes.get(p.questionId) ?? '',
          type: p.type,
          points: p.points,
          stem: r?.stem ?? '',
          options: p.optionOrder.map((o) => r?.options[o] ?? ''),
          answer: r
            ? keyInDisplayOrder({ type: r.type, answer: r.answer, optionOrder: p.optionOrder })
            : null,
        };
      }),
    };
  }

  /**
   * Extra time for one person: moves the deadline of their open attempt (past the window's close
   * if need be) and of any later attempt; the timer job is rescheduled. Audited.
   */
  async grantExtraTime(
    principal: Principal,
    id: string,
    dto: GrantExtraTimeDto,
  ): Promise<ExtraTimeResponseDto> {
    const result = await this.tx.run(async () => {
      const exam = await this.requireManaged(principal, id);
      if (exam.status !== 'published') {
        throw ExamErrors.EXTRA_TIME_INVALID({ reason: '只能为已发布、尚未结束的考试延时' });
      }
      if (!(await this.exams.findCandidate(exam.id, dto.staffId))) {
        throw ExamErrors.EXTRA_TIME_INVALID({ reason: '此人不是本场考试的考生' });
      }
      const seconds = dto.minutes * 60;
      const total = await this.exams.addExtraSeconds(exam.id, dto.staffId, seconds);
      const grant = new ExamExtraTimeEntity();
      grant.id = randomUUID();
      grant.examId = exam.id;
      grant.staffId = dto.staffId;
      grant.seconds = seconds;
      grant.reason = dto.reason;
      grant.grantedBy = principal.staffId;
      grant.grantedAt = this.clock.now();
      await this.tx.repository(ExamExtraTimeEntity).insert(grant);
      const open = await this.attempts.findOpen(exam.id, dto.staffId);
      let deadlineAt: Date | null = null;
      if (open) {
        deadlineAt = new Date(open.deadlineAt.getTime() + seconds * 1000);
        await this.attempts.updateDeadline(open.id, deadlineAt);
      }
      await this.audited(exam, 'exam.extra_time', {
        staffId: dto.staffId,
        minutes: dto.minutes,
        totalMinutes: total / 60,
        reason: dto.reason,
        attemptId: open?.id ?? null,
      });
      return { staffId: dto.staffId, totalMinutes: total / 60, deadlineAt, attemptId: open?.id };
    });
    if (result.attemptId && result.deadlineAt) {
      await this.scheduler.schedule(result.attemptId, result.deadlineAt);
    }
    return {
      staffId: result.staffId,
      totalMinutes: result.totalMinutes,
      deadlineAt: result.deadlineAt?.toISOString() ?? null,
    };
  }

  // ---- for other services of the module ----

  /** The exam if the principal manages its unit; otherwise 404. */
  async requireManaged(principal: Principal, id: string): Promise<ExamEntity> {
    const exam = await this.exams.findById(id);
    const unit = exam ? await this.units.findById(exam.unitId) : null;
    if (!exam || !unit || !pathInScope(scopePaths(principal, EXAM_MANAGERS), unit.path)) {
      throw ExamErrors.NOT_FOUND();
    }
    return exam;
  }

  // ---- helpers ----

  private async publish(exam: ExamEntity): Promise<void> {
    const now = this.clock.now();
    if (exam.closesAt <= now) throw ExamErrors.WINDOW_INVALID({ reason: '截止时间已过' });
    let total = 0;
    if (exam.paperMode === 'fixed') {
      const fixed = await this.exams.fixedQuestions(exam.id);
      if (!fixed.length) throw ExamErrors.PAPER_INVALID({ reason: '固定试卷至少需要一道题' });
      const questions = new Map(
        (await this.questions.findQuestions(fixed.map((f) => f.questionId))).map((q) => [q.id, q]),
      );
      const unavailable = fixed.filter((f) => {
        const q = questions.get(f.questionId);
        return !q || q.status !== 'active' || q.needsReview || !q.currentRevisionId;
      });
      if (unavailable.length) {
        throw ExamErrors.QUESTION_UNAVAILABLE(
          { count: unavailable.length },
          unavailable.map((f) => ({ position: f.position, questionId: f.questionId })),
        );
      }
      for (const f of fixed) {
        await this.exams.pinFixedRevision(
          exam.id,
          f.position,
          questions.get(f.questionId)?.currentRevisionId as string,
        );
        total += f.points;
      }
    } else {
      const rules = await this.exams.rules(exam.id);
      if (!rules.length) throw ExamErrors.PAPER_INVALID({ reason: '随机组卷至少需要一条规则' });
      const pools = await this.buildPools(rules);
      const shortfall = rules
        .map((r, i) => ({
          rule: r.position,
          type: r.type,
          needed: r.count,
          available: pools[i].length,
        }))
        .filter((s) => s.available < s.needed);
      if (shortfall.length) {
        throw ExamErrors.BLUEPRINT_SHORTFALL(
          {
            reason: shortfall
              .map(
                (s) =>
                  `规则 ${s.rule}（${TYPE_LABELS[s.type]}）需要 ${s.needed} 道，只有 ${s.available} 道`,
              )
              .join('；'),
          },
          shortfall,
        );
      }
      await this.exams.insertPool(
        rules.flatMap((r, i) =>
          pools[i].map((p) => {
            const row = new ExamPoolQuestionEntity();
            row.examId = exam.id;
            row.rulePosition = r.position;
            row.questionId = p.questionId;
            row.revisionId = p.revisionId;
            return row;
          }),
        ),
      );
      total = rules.reduce((n, r) => n + r.count * r.pointsEach, 0);
    }
    const units = await this.units.findByIds(exam.audienceUnitIds);
    const candidates = await this.exams.insertCandidates(
      exam.id,
      units.map((u) => u.path),
      exam.audienceStaffIds,
      this.clock.today(this.config.timeZone),
    );
    if (!candidates) throw ExamErrors.AUDIENCE_INVALID({ reason: '考试对象中没有在职人员' });
    await this.exams.update(exam.id, { status: 'published', publishedAt: now, totalPoints: total });
  }

  /**
   * Closing before the window ends, so a make-up can follow the same day: only the exam's author
   * or an admin over its unit, with a reason, and only while nobody is answering (the exam row is
   * locked, and starting an attempt re-reads it under a share lock). The window ends now.
   */
  private async closeEarly(
    principal: Principal,
    exam: ExamEntity,
    reason: string | undefined,
  ): Promise<Record<string, unknown>> {
    const unit = await this.units.findById(exam.unitId);
    const isAdmin = !!unit && pathInScope(scopePaths(principal, ['admin']), unit.path);
    if (exam.createdBy !== principal.staffId && !isAdmin) throw ExamErrors.CLOSE_EARLY_FORBIDDEN();
    if (!reason) throw ExamErrors.CLOSE_EARLY_REASON();
    const answering = await this.attempts.countOpen(exam.id);
    if (answering) throw ExamErrors.CLOSE_EARLY_ANSWERING({ count: answering });
    const now = this.clock.now();
    const opensAt = exam.opensAt < now ? exam.opensAt : new Date(now.getTime() - 1000);
    await this.exams.update(exam.id, { status: 'closed', closesAt: now, opensAt });
    return {
      early: true,
      reason,
      plannedClosesAt: exam.closesAt.toISOString(),
      closedAt: now.toISOString(),
    };
  }

  /** Disjoint pools per rule (see allocatePools), from the active, unflagged bank. */
  private async buildPools(rules: ExamBlueprintRuleEntity[]): Promise<PaperSource[][]> {
    const eligible: PaperSource[][] = [];
    for (const r of rules) {
      eligible.push(
        await this.questions.eligibleQuestions({
          type: r.type,
          difficultyMin: r.difficultyMin,
          difficultyMax: r.difficultyMax,
          tags: r.tags,
          lawIds: r.lawIds,
          articleFrom: r.articleFrom,
          articleTo: r.articleTo,
        }),
      );
    }
    return allocatePools(rules, eligible);
  }

  private async draftSpec(exam: ExamEntity) {
    if (exam.paperMode === 'fixed') {
      const fixed = await this.exams.fixedQuestions(exam.id);
      const questions = new Map(
        (await this.questions.findQuestions(fixed.map((f) => f.questionId))).map((q) => [q.id, q]),
      );
      const revisions = new Map(
        (
          await this.questions.revisionsByIds(
            [...questions.values()].map((q) => q.currentRevisionId).filter((x): x is string => !!x),
          )
        ).map((r) => [r.id, r]),
      );
      return {
        mode: 'fixed' as const,
        rules: [],
        shuffleQuestions: exam.shuffleQuestions,
        shuffleOptions: exam.shuffleOptions,
        fixed: fixed.flatMap((f) => {
          const r = revisions.get(questions.get(f.questionId)?.currentRevisionId ?? '');
          return r
            ? [
                {
                  questionId: f.questionId,
                  revisionId: r.id,
                  type: r.type,
                  optionCount: r.options.length,
                  points: f.points,
                },
              ]
            : [];
        }),
      };
    }
    const rules = await this.exams.rules(exam.id);
    const pools = await this.buildPools(rules);
    const short = rules.findIndex((r, i) => pools[i].length < r.count);
    if (short >= 0) {
      throw ExamErrors.BLUEPRINT_SHORTFALL(
        {
          reason: `规则 ${rules[short].position} 需要 ${rules[short].count} 道，只有 ${pools[short].length} 道`,
        },
        rules
          .map((r, i) => ({
            rule: r.position,
            type: r.type,
            needed: r.count,
            available: pools[i].length,
          }))
          .filter((x) => x.available < x.needed),
      );
    }
    return {
      mode: 'random' as const,
      fixed: [],
      shuffleQuestions: exam.shuffleQuestions,
      shuffleOptions: exam.shuffleOptions,
      rules: rules.map((r, i) => ({ count: r.count, pointsEach: r.pointsEach, pool: pools[i] })),
    };
  }

  async publishedSpec(exam: ExamEntity) {
    if (exam.paperMode === 'fixed') {
      const fixed = await this.exams.fixedQuestions(exam.id);
      const revisions = new Map(
        (await this.questions.revisionsByIds(fixed.map((f) => f.revisionId ?? ''))).map((r) => [
          r.id,
          r,
        ]),
      );
      return {
        mode: 'fixed' as const,
        rules: [],
        shuffleQuestions: exam.shuffleQuestions,
        shuffleOptions: exam.shuffleOptions,
        fixed: fixed.map((f) => {
          const r = revisions.get(f.revisionId ?? '');
          return {
            questionId: f.questionId,
            revisionId: f.revisionId as string,
            type: r?.type ?? 'single_choice',
            optionCount: r?.options.length ?? 0,
            points: f.points,
          };
        }),
      };
    }
    const rules = await this.exams.rules(exam.id);
    const pools = await this.exams.pools(exam.id);
    return {
      mode: 'random' as const,
      fixed: [],
      shuffleQuestions: exam.shuffleQuestions,
      shuffleOptions: exam.shuffleOptions,
      rules: rules.map((r) => ({
        count: r.count,
        pointsEach: r.pointsEach,
        pool: pools.get(r.position) ?? [],
      })),
    };
  }

  private async writePaper(
    exam: ExamEntity,
    questions: FixedQuestionDto[],
    rules: BlueprintRuleDto[],
  ): Promise<void> {
    if (exam.paperMode === 'fixed') {
      if (rules.length) throw ExamErrors.PAPER_INVALID({ reason: '固定试卷不能设置随机组卷规则' });
      const ids = questions.map((q) => q.questionId);
      if (new Set(ids).size !== ids.length)
        throw ExamErrors.PAPER_INVALID({ reason: '同一道题不能出现两次' });
      const found = await this.questions.findQuestions(ids);
      if (found.length !== ids.length)
        throw ExamErrors.PAPER_INVALID({ reason: '试卷中有不存在的题目' });
    } else {
      if (questions.length) throw ExamErrors.PAPER_INVALID({ reason: '随机组卷不能指定固定题目' });
      for (const r of rules) {
        if (
          (r.articleFrom !== undefined || r.articleTo !== undefined) &&
          (r.lawIds?.length ?? 0) !== 1
        ) {
          throw ExamErrors.PAPER_INVALID({ reason: '按条文范围抽题时须且只能指定一部法律法规' });
        }
        if ((r.difficultyMin ?? 1) > (r.difficultyMax ?? 5)) {
          throw ExamErrors.PAPER_INVALID({ reason: '难度下限不能高于上限' });
        }
        if (
          r.articleFrom !== undefined &&
          r.articleTo !== undefined &&
          r.articleFrom > r.articleTo
        ) {
          throw ExamErrors.PAPER_INVALID({ reason: '条文范围的起始条号不能大于结束条号' });
        }
      }
    }
    await this.exams.replacePaper(
      exam.id,
      questions.map((q, i) => {
        const row = new ExamFixedQuestionEntity();
        row.examId = exam.id;
        row.position = i + 1;
        row.questionId = q.questionId;
        row.revisionId = null;
        row.points = q.points;
        return row;
      }),
      rules.map((r, i) => {
        const row = new ExamBlueprintRuleEntity();
        row.examId = exam.id;
        row.position = i + 1;
        row.type = r.type;
        row.count = r.count;
        row.pointsEach = r.pointsEach;
        row.lawIds = r.lawIds ?? [];
        row.articleFrom = r.articleFrom ?? null;
        row.articleTo = r.articleTo ?? null;
        row.tags = r.tags ?? [];
        row.difficultyMin = r.difficultyMin ?? 1;
        row.difficultyMax = r.difficultyMax ?? 5;
        return row;
      }),
    );
  }

  private async managedUnit(principal: Principal, unitId: string): Promise<OrgUnitEntity> {
    const unit = await this.units.findById(unitId);
    if (!unit || !pathInScope(scopePaths(principal, EXAM_MANAGERS), unit.path)) {
      throw ExamErrors.UNIT_NOT_FOUND();
    }
    return unit;
  }

  /** Audience units and named staff must lie inside the exam's unit (and the manager's scope). */
  private async assertAudience(principal: Principal, exam: ExamEntity): Promise<void> {
    const owner = await this.units.findById(exam.unitId);
    const scope = scopePaths(principal, EXAM_MANAGERS);
    const units = await this.units.findByIds(exam.audienceUnitIds);
    if (units.length !== exam.audienceUnitIds.length) {
      throw ExamErrors.AUDIENCE_INVALID({ reason: '有单位不存在' });
    }
    for (const u of units) {
      if (!owner || !u.path.startsWith(owner.path) || !pathInScope(scope, u.path)) {
        throw ExamErrors.AUDIENCE_INVALID({ reason: `“${u.name}”不在考试所属单位之内` });
      }
    }
    for (const id of exam.audienceStaffIds) {
      const person = await this.staff.findInScope(principal, id, EXAM_MANAGERS);
      if (!person || !owner || !person.unit.path.startsWith(owner.path)) {
        throw ExamErrors.AUDIENCE_INVALID({ reason: '有考试对象不存在或不在考试所属单位之内' });
      }
    }
  }

  private async detail(id: string): Promise<ExamDetailResponseDto> {
    const exam = (await this.exams.findById(id)) as ExamEntity;
    // one after another: inside a transaction they share one connection
    const fixed = await this.exams.fixedQuestions(id);
    const rules = await this.exams.rules(id);
    const sizes = await this.exams.poolSizes(id);
    const candidates = await this.exams.candidateCount(id);
    return {
      ...toExam(exam),
      questions: fixed.map((f) => ({
        position: f.position,
        questionId: f.questionId,
        revisionId: f.revisionId,
        points: f.points,
      })),
      rules: rules.map((r) => ({
        position: r.position,
        type: r.type,
        count: r.count,
        pointsEach: r.pointsEach,
        lawIds: r.lawIds,
        articleFrom: r.articleFrom,
        articleTo: r.articleTo,
        tags: r.tags,
        difficultyMin: r.difficultyMin,
        difficultyMax: r.difficultyMax,
        ...(exam.status !== 'draft' ? { available: sizes.get(r.position) ?? 0 } : {}),
      })),
      candidateCount: candidates,
    };
  }

  /** An audit row about an exam (in the caller's transaction, if any). */
  audited(exam: ExamEntity, action: string, details: Record<string, unknown>) {
    return this.audit.record({
      action,
      target: { type: 'exam', id: exam.id },
      unitId: exam.unitId,
      details: { title: exam.title, ...details },
    });
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function assertWindow(e: Pick<ExamEntity, 'opensAt' | 'closesAt' | 'durationSeconds'>): void {
  if (Number.isNaN(e.opensAt.getTime()) || Number.isNaN(e.closesAt.getTime())) {
    throw ExamErrors.WINDOW_INVALID({ reason: '时间格式不正确' });
  }
  if (e.closesAt <= e.opensAt)
    throw ExamErrors.WINDOW_INVALID({ reason: '截止时间必须晚于开始时间' });
  if (e.durationSeconds > (e.closesAt.getTime() - e.opensAt.getTime()) / 1000) {
    throw ExamErrors.WINDOW_INVALID({ reason: '答题时长不能超过考试开放的时长' });
  }
}

export function toExam(e: ExamEntity): ExamResponseDto {
  return {
    id: e.id,
    unitId: e.unitId,
    planId: e.planId,
    parentExamId: e.parentExamId,
    title: e.title,
    kind: e.kind,
    status: e.status,
    opensAt: e.opensAt.toISOString(),
    closesAt: e.closesAt.toISOString(),
    durationMinutes: Math.round(e.durationSeconds / 60),
    passMark: e.passMark,
    attemptsAllowed: e.attemptsAllowed,
    scorePolicy: e.scorePolicy,
    paperMode: e.paperMode,
    shuffleQuestions: e.shuffleQuestions,
    shuffleOptions: e.shuffleOptions,
    multipleChoiceScoring: e.multipleChoiceScoring,
    reviewContent: e.reviewContent,
    reviewTiming: e.reviewTiming,
    totalPoints: e.totalPoints,
    audienceUnitIds: e.audienceUnitIds,
    audienceStaffIds: e.audienceStaffIds,
    publishedAt: e.publishedAt ? e.publishedAt.toISOString() : null,
  };
}

export { LETTERS };
