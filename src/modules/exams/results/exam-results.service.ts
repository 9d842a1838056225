import { percentText } from '../../../common/text/percent';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import {
  FMT,
  addExportSheet,
  excelDateTime,
  percentCell,
  ratio,
  styleHeader,
} from '../../../common/excel/export-sheet';
import type { ExportColumn } from '../../../common/excel/export-sheet';
import type { Principal } from '../../../common/auth';
import { Clock, localDateTime } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { QuestionsService } from '../../question-bank';
import { presentPaper } from '../taking/attempt-presenter';
import { AttemptRepository } from '../attempt.repository';
import type {
  AttemptReviewDto,
  AttemptSummaryDto,
  CandidateResultDto,
  DistributionBucketDto,
  ExamResultsDto,
  ExamStatisticsDto,
  OfficialResultDto,
  RateDto,
  ResultsQueryDto,
} from '../dto/results.dto';
import type { ExamAttemptEntity } from '../entities/exam-attempt.entity';
import type { ExamEntity } from '../entities/exam.entity';
import { ExamAuthoringService } from '../authoring/exam-authoring.service';
import { ExamResultsRepository } from './exam-results.repository';
import type { CandidateRow } from './exam-results.repository';
import { percentage } from '../grading/grading';
import { articleStatistics, itemStatistics } from './item-statistics';
import { countedPercentage, standing, STANDING_LABELS, STANDING_STATUSES } from './standing';
import type { Standing, StandingStatus } from './standing';
import { ExamErrors } from '../exams.errors';
import { KeyCorrections } from './key-corrections.service';
import { RevisionCache } from '../revision-cache.service';

const KIND_LABELS: Record<ExamEntity['kind'], string> = {
  official: '正式考试',
  mock: '模拟考试',
  makeup: '补考',
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const round1 = (n: number) => Math.round(n * 10) / 10;

export function rate(numerator: number, denominator: number): RateDto {
  return {
    numerator,
    denominator,
    percent: denominator ? round1((numerator / denominator) * 100) : null,
  };
}

/** Percentages by tens: 0–9, 10–19, …, 90–100. */
export function distribution(percentages: number[]): DistributionBucketDto[] {
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`,
    from: i * 10,
    to: i === 9 ? 100 : i * 10 + 9,
    count: 0,
  }));
  for (const p of percentages) buckets[Math.min(9, Math.floor(p / 10))].count += 1;
  return buckets;
}

/** One person's result that counts for 参考率 and 通过率: the best of official and make-ups. */
export interface OfficialResult {
  sat: boolean;
  bestPercentage: number | null;
  passed: boolean;
  examId: string | null;
  /** Still answering, or waiting for a person to grade, in one of the exams. */
  unsettled: boolean;
}

/**
 * The secretary's view of an exam: everyone in the audience with their status and attempts,
 * the figures, the score distribution, item statistics and the Excel export.
 */
@Injectable()
export class ExamResultsService {
  constructor(
    private readonly authoring: ExamAuthoringService,
    private readonly repo: ExamResultsRepository,
    private readonly revisions: RevisionCache,
    private readonly attempts: AttemptRepository,
    private readonly keys: KeyCorrections,
    private readonly questions: QuestionsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async results(
    principal: Principal,
    examId: string,
    query: ResultsQueryDto,
  ): Promise<ExamResultsDto> {
    const exam = await this.authoring.requireManaged(principal, examId);
    const out = await this.compute(exam);
    if (query.status) out.candidates = out.candidates.filter((c) => c.status === query.status);
    return out;
  }

  async exportExcel(principal: Principal, examId: string): Promise<{ file: Buffer; name: string }> {
    const exam = await this.authoring.requireManaged(principal, examId);
    const r = await this.compute(exam);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'xuefa';
    const tz = this.config.timeZone;
    const official = exam.kind === 'official';
    const columns: ExportColumn[] = [
      { header: '工号', width: 10 },
      { header: '姓名', width: 10 },
      { header: '部门', width: 14 },
      { header: '状态', width: 10 },
      { header: '答题次数', width: 6, kind: 'integer' },
      { header: '得分', width: 6, kind: 'number' },
      { header: '满分', width: 6, kind: 'number' },
      { header: '得分率', width: 7, kind: 'percent' },
      { header: '交卷时间', width: 17, kind: 'dateTime' },
      { header: '切屏次数', width: 6, kind: 'integer' },
      { header: '延时(分钟)', width: 6, kind: 'integer' },
      ...(official
        ? [
            { header: '含补考最好成绩', width: 8, kind: 'percent' as const },
            { header: '含补考是否通过', width: 8 },
          ]
        : []),
    ];
    const sheet = addExportSheet(wb, '成绩', columns, { headerRows: [1, 1] });
    styleHeader(sheet.addRow(columns.map((c) => c.header)));
    for (const c of r.candidates) {
      const counted = c.attempts.find((a) => a.id === c.countedAttemptId);
      sheet.addRow([
        c.staffNo,
        c.name,
        c.unitName,
        STANDING_LABELS[c.status],
        c.attemptsUsed,
        c.score ?? null,
        counted?.maxScore ?? exam.totalPoints,
        percentCell(c.percentage),
        excelDateTime(counted?.finishedAt ?? null, tz),
        c.focusLossCount,
        c.extraMinutes,
        ...(official
          ? [percentCell(c.official?.bestPercentage), c.official?.passed ? '是' : '否']
          : []),
      ]);
    }
    const summaryColumns: ExportColumn[] = [
      { header: '项目', width: 22 },
      { header: '数值', width: 16 },
      { header: '人数/基数', width: 12 },
      { header: '说明', width: 40 },
    ];
    const summary = addExportSheet(wb, '统计', summaryColumns, { headerRows: [1, 1] });
    styleHeader(summary.addRow(summaryColumns.map((c) => c.header)));
    const s = r.summary;
    /** A row whose value is a rate or a percentage: a number formatted as percent. */
    const percentRow = (cells: (string | number | null)[]) => {
      const row = summary.addRow(cells.map((v) => v ?? '—'));
      if (typeof row.getCell(2).value === 'number') row.getCell(2).numFmt = FMT.percent;
    };
    const rateRow = (label: string, x: RateDto, note: string) =>
      percentRow([
        label,
        ratio(x.numerator, x.denominator),
        `${x.numerator} / ${x.denominator}`,
        note,
      ]);
    summary.addRow([
      '考试',
      exam.title,
      '',
      `${KIND_LABELS[exam.kind]}，及格线 ${percentText(exam.passMark)}`,
    ]);
    summary.addRow([
      '考试时间',
      '',
      '',
      `${this.localTime(exam.opensAt)} 至 ${this.localTime(exam.closesAt)}`,
    ]);
    summary.addRow(['应考人数', s.candidates, '', '发布时确定的考试对象']);
    rateRow('参考率', s.sat, '至少交卷一次的人数 ÷ 应考人数');
    rateRow('通过率', s.passed, '通过人数 ÷ 应考人数');
    rateRow('通过率（按参考人数）', s.passedOfSat, '通过人数 ÷ 参考人数');
    if (s.officialPassed)
      rateRow('通过率（含补考）', s.officialPassed, '正式考试或补考通过的人数 ÷ 应考人数');
    percentRow(['平均得分率', percentCell(s.meanPercentage), '', '按计分的一次答题']);
    percentRow(['最高得分率', percentCell(s.highestPercentage), '', '']);
    percentRow(['最低得分率', percentCell(s.lowestPercentage), '', '']);
    summary.addRow(['待评分答卷', s.attemptsPendingGrading, '', '含简答题、尚未人工评分']);
    for (const st of STANDING_STATUSES)
      summary.addRow([`状态：${STANDING_LABELS[st]}`, s.byStatus[st], '', '人数']);
    for (const b of s.distribution) summary.addRow([`得分率 ${b.label}`, b.count, '', '人数']);
    const at = summary.addRow(['导出时间', excelDateTime(new Date(r.generatedAt), tz), '', '']);
    at.getCell(2).numFmt = FMT.dateTime;
    return {
      file: Buffer.from(await wb.xlsx.writeBuffer()),
      name: `${exam.title}-成绩.xlsx`,
    };
  }

  async statistics(principal: Principal, examId: string): Promise<ExamStatisticsDto> {
    const exam = await this.authoring.requireManaged(principal, examId);
    const items = await this.repo.gradedItems(exam.id);
    const attempts = new Map<string, { attemptId: string; score: number; maxScore: number }>();
    for (const it of items) {
      const a = attempts.get(it.attemptId) ?? { attemptId: it.attemptId, score: 0, maxScore: 0 };
      a.score += it.score;
      a.maxScore += it.points;
      attempts.set(it.attemptId, a);
    }
    const stats = itemStatistics([...attempts.values()], items);
    const revisionOf = new Map(items.map((it) => [it.questionId, it.revisionId]));
    const revisionIds = [...new Set(revisionOf.values())];
    const [revisions, refs, questions] = [
      await this.revisions.get(revisionIds),
      await this.repo.references(revisionIds),
      await this.questions.findQuestions([...revisionOf.keys()]),
    ];
    const codes = new Map(questions.map((q) => [q.id, q.code]));
    const lawTitles = new Map(refs.map((r) => [r.lawId, r.lawTitle]));
    const articlesOf = (questionId: string) =>
      refs
        .filter((r) => r.revisionId === revisionOf.get(questionId))
        .map((r) => ({ lawId: r.lawId, articleNumber: r.articleNumber }));
    const byArticle = articleStatistics(stats, items, articlesOf).sort(
      (a, b) =>
        (lawTitles.get(a.lawId) ?? '').localeCompare(lawTitles.get(b.lawId) ?? '', 'zh') ||
        a.articleNumber - b.articleNumber,
    );
    return {
      examId: exam.id,
      attempts: attempts.size,
      questions: stats
        .map((s) => {
          const rev = revisions.get(revisionOf.get(s.questionId) ?? '');
          return {
            questionId: s.questionId,
            code: codes.get(s.questionId) ?? '',
            type: rev?.type ?? '',
            stem: shorten(rev?.stem ?? '', 60),
            responses: s.responses,
            facility: s.facility,
            discrimination: s.discrimination,
            articles: articlesOf(s.questionId).map((a) => ({
              ...a,
              lawTitle: lawTitles.get(a.lawId) ?? '',
            })),
          };
        })
        .sort((a, b) => a.code.localeCompare(b.code)),
      articles: byArticle.map((a) => ({ ...a, lawTitle: lawTitles.get(a.lawId) ?? '' })),
    };
  }

  /** One attempt in full for the secretary: answers, scores, keys, comments and events. */
  async attemptReview(
    principal: Principal,
    examId: string,
    attemptId: string,
  ): Promise<AttemptReviewDto> {
    const exam = await this.authoring.requireManaged(principal, examId);
    const attempt = await this.attempts.findById(attemptId);
    if (!attempt || attempt.examId !== exam.id) throw ExamErrors.ATTEMPT_NOT_FOUND();
    const paper = await this.attempts.paper(attempt.id);
    const revisions = await this.revisions.get(paper.map((p) => p.revisionId));
    const answers = await this.attempts.answers(attempt.id);
    const person = await this.repo.staffOf(attempt.staffId);
    const questionIds = new Map(paper.map((p) => [p.position, p.questionId]));
    return {
      attempt: this.attemptSummary(attempt),
      staffId: attempt.staffId,
      staffNo: person?.staffNo ?? '',
      name: person?.name ?? '',
      questions: presentPaper(paper, revisions, {
        scores: true,
        keys: true,
        corrected: await this.keys.forExam(exam.id),
        feedback: new Map(answers.map((a) => [a.position, a.feedback])),
      }).map((q) => ({ ...q, questionId: questionIds.get(q.position) ?? '' })),
      events: (await this.repo.events(attempt.id)).map((e) => ({
        kind: e.kind,
        occurredAt: e.occurredAt.toISOString(),
        details: e.details,
      })),
    };
  }

  /**
   * Per candidate of an official exam: the best counted result across it and its published
   * make-ups (each exam's own score policy picks its counted attempt).
   */
  async officialResults(official: ExamEntity): Promise<Map<string, OfficialResult>> {
    const now = this.clock.now();
    const family = [official, ...(await this.repo.makeups(official.id))];
    const attempts = group(await this.repo.attempts(family.map((e) => e.id)));
    const out = new Map<string, OfficialResult>();
    for (const c of await this.repo.candidates(official.id)) {
      const result: OfficialResult = {
        sat: false,
        bestPercentage: null,
        passed: false,
        examId: null,
        unsettled: false,
      };
      for (const exam of family) {
        const s = standing(exam, attempts.get(`${exam.id}:${c.staffId}`) ?? [], now);
        result.sat ||= s.status === 'passed' || s.status === 'failed' || s.status === 'submitted';
        result.unsettled ||= s.status === 'in_progress' || s.status === 'submitted';
        // each exam has its own pass mark: passed in any of them counts
        result.passed ||= s.status === 'passed';
        const pct = countedPercentage(s);
        if (pct !== null && (result.bestPercentage === null || pct > result.bestPercentage)) {
          result.bestPercentage = pct;
          result.examId = exam.id;
        }
      }
      out.set(c.staffId, result);
    }
    return out;
  }

  private async compute(exam: ExamEntity): Promise<ExamResultsDto> {
    const now = this.clock.now();
    const candidates = await this.repo.candidates(exam.id);
    const attempts = group(await this.repo.attempts([exam.id]));
    const official = exam.kind === 'official' ? await this.officialResults(exam) : null;
    const rows: CandidateResultDto[] = candidates.map((c) => {
      const mine = attempts.get(`${exam.id}:${c.staffId}`) ?? [];
      return this.row(c, standing(exam, mine, now), mine, official?.get(c.staffId));
    });
    const counted = rows.map((r) => r.percentage).filter((p): p is number => p !== null);
    const byStatus = Object.fromEntries(STANDING_STATUSES.map((s) => [s, 0])) as Record<
      StandingStatus,
      number
    >;
    for (const r of rows) byStatus[r.status] += 1;
    const sat = rows.filter((r) => r.attempts.some((a) => a.status === 'finished')).length;
    return {
      examId: exam.id,
      title: exam.title,
      kind: exam.kind,
      passMark: exam.passMark,
      generatedAt: now.toISOString(),
      summary: {
        candidates: rows.length,
        byStatus,
        sat: rate(sat, rows.length),
        passed: rate(byStatus.passed, rows.length),
        passedOfSat: rate(byStatus.passed, sat),
        ...(official
          ? {
              officialPassed: rate(
                [...official.values()].filter((o) => o.passed).length,
                rows.length,
              ),
            }
          : {}),
        meanPercentage: counted.length
          ? round1(counted.reduce((a, b) => a + b, 0) / counted.length)
          : null,
        highestPercentage: counted.length ? Math.max(...counted) : null,
        lowestPercentage: counted.length ? Math.min(...counted) : null,
        attemptsPendingGrading: rows.reduce(
          (n, r) => n + r.attempts.filter((a) => a.gradingPending).length,
          0,
        ),
        distribution: distribution(counted),
      },
      candidates: rows,
    };
  }

  private row(
    c: CandidateRow,
    s: Standing<ExamAttemptEntity>,
    attempts: ExamAttemptEntity[],
    official: OfficialResult | undefined,
  ): CandidateResultDto {
    const out: CandidateResultDto = {
      staffId: c.staffId,
      staffNo: c.staffNo,
      name: c.name,
      unitId: c.unitId,
      unitName: c.unitName,
      status: s.status,
      statusLabel: STANDING_LABELS[s.status],
      attemptsUsed: s.attemptsUsed,
      attemptsLeft: s.attemptsLeft,
      countedAttemptId: s.counted?.id ?? null,
      score: s.counted?.score ?? null,
      percentage: countedPercentage(s),
      focusLossCount: attempts.reduce((n, a) => n + a.focusLossCount, 0),
      extraMinutes: Math.round(c.extraSeconds / 60),
      attempts: attempts.map((a) => this.attemptSummary(a)),
    };
    if (official) {
      const o: OfficialResultDto = {
        bestPercentage: official.bestPercentage,
        passed: official.passed,
        examId: official.examId,
      };
      out.official = o;
    }
    return out;
  }

  private attemptSummary(a: ExamAttemptEntity): AttemptSummaryDto {
    return {
      id: a.id,
      attemptNo: a.attemptNo,
      status: a.status,
      startedAt: a.startedAt.toISOString(),
      deadlineAt: a.deadlineAt.toISOString(),
      finishedAt: iso(a.finishedAt),
      finalisedBy: a.finalisedBy,
      score: a.score,
      maxScore: a.maxScore,
      percentage:
        a.status === 'finished' && a.score !== null && !a.gradingPending
          ? percentage(a.score, a.maxScore)
          : null,
      passed: a.passed,
      gradingPending: a.gradingPending,
      focusLossCount: a.focusLossCount,
    };
  }

  private localTime(d: Date): string {
    return localDateTime(d, this.config.timeZone);
  }
}

/** Attempts keyed by `${examId}:${staffId}`, in attempt order. */
function group(attempts: ExamAttemptEntity[]): Map<string, ExamAttemptEntity[]> {
  const out = new Map<string, ExamAttemptEntity[]>();
  for (const a of attempts) {
    const key = `${a.examId}:${a.staffId}`;
    const list = out.get(key) ?? [];
    list.push(a);
    out.set(key, list);
  }
  return out;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
