import type { ExamState } from '../compliance';
import type { ExamKind } from '../exams';
import type { ExportKind, ExportStatus } from './entities/evidence-export.entity';

export const EXAM_KIND_LABELS: Record<ExamKind, string> = {
  official: '正式考试',
  mock: '模拟考试',
  makeup: '补考',
};

export const EXAM_STATE_LABELS: Record<ExamState, string> = {
  none: '未参加',
  in_progress: '答题中',
  pending: '待评分',
  failed: '未通过',
  passed: '通过',
};

export type SessionOutcome = 'attended' | 'late' | 'excused' | 'missed' | 'unmarked';

export const OUTCOME_LABELS: Record<SessionOutcome, string> = {
  attended: '出席',
  late: '迟到',
  excused: '请假',
  missed: '缺席',
  unmarked: '未记录',
};

export const MAKEUP_LABELS: Record<'open' | 'completed', string> = {
  open: '未完成',
  completed: '已完成',
};

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  unit_workbook: '单位学法考法情况',
  dossier: '个人学法考法档案',
};

export const EXPORT_STATUS_LABELS: Record<ExportStatus, string> = {
  queued: '排队中',
  running: '生成中',
  done: '已完成',
  failed: '失败',
  expired: '已过期',
};
