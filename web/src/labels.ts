import type { Schema } from './api/types';

/**
 * Chinese labels for the API's enum values that the DTOs do not label themselves (DTOs that
 * carry `typeLabel`, `kindLabel`, `statusLabel`… are shown as the server wrote them). The one
 * place for them, so that every page says the same thing: a page imports its labels from here
 * and defines none of its own.
 */

/** A label for a value, or the value itself when it is not listed. */
export function labelOf(labels: Record<string, string>, value: string): string {
  return labels[value] ?? value;
}

// ---- questions ----

export const QUESTION_TYPE_LABELS: Record<string, string> = {
  single_choice: '单选题',
  multiple_choice: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
};

/** A bank question's state (GET /questions `status`). */
export const QUESTION_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  active: '启用',
  retired: '停用',
};

// ---- exams ----

export const EXAM_KIND_LABELS: Record<string, string> = {
  official: '正式考试',
  mock: '模拟考试',
  makeup: '补考',
};

/** An exam's state as its authors see it (GET /exams `status`). */
export const EXAM_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  published: '已发布',
  closed: '已结束',
  archived: '已归档',
};

/** Which attempt counts (an exam's `scorePolicy`). */
export const SCORE_POLICY_LABELS: Record<string, string> = {
  highest: '取最高分',
  latest: '取最后一次',
};

/** Who or what handed an attempt in (`finalisedBy`). */
export const FINALISED_BY_LABELS: Record<string, string> = {
  examinee: '本人交卷',
  timer: '到时自动交卷',
  sweeper: '系统补交',
  read: '打开时自动交卷',
};

/** What the exam page reported while an attempt ran (attempt events `kind`). */
export const ATTEMPT_EVENT_LABELS: Record<string, string> = {
  focus_lost: '离开考试页面',
  focus_returned: '回到考试页面',
  page_hidden: '页面被隐藏',
  page_visible: '页面恢复显示',
};

/** A person's result in an exam as the results table filters it (GET /exams/:id/results `status`). */
export const RESULT_STATUS_OPTIONS: [string, string][] = [
  ['not_started', '未开始'],
  ['in_progress', '答题中'],
  ['submitted', '已交卷（待评分）'],
  ['passed', '通过'],
  ['failed', '未通过'],
  ['absent', '缺考'],
  ['upcoming', '未开考'],
];

/** My standing in an exam (GET /me/exams `status`). */
export const MY_EXAM_STATUS_LABELS: Record<string, string> = {
  upcoming: '未开始',
  not_started: '可参加',
  in_progress: '作答中',
  submitted: '已交卷',
  passed: '已通过',
  failed: '未通过',
  absent: '缺考',
};

// ---- sessions ----

export const SESSION_TYPE_OPTIONS: { value: Schema<'CreateSessionDto'>['type']; label: string }[] =
  [
    { value: 'theory_group', label: '党组理论学习中心组集体学习' },
    { value: 'branch_general', label: '支部党员大会' },
    { value: 'branch_committee', label: '支部委员会' },
    { value: 'party_group', label: '党小组会' },
    { value: 'party_lecture', label: '党课' },
    { value: 'staff_meeting', label: '干部职工会' },
    { value: 'law_study', label: '集中学法' },
    { value: 'lecture', label: '专题讲座/培训' },
    { value: 'court_hearing', label: '旁听庭审' },
    { value: 'constitution_day', label: '宪法日宣传' },
    { value: 'other', label: '其他' },
  ];

/** A session's state (GET /sessions `status`). */
export const SESSION_STATUS_LABELS: Record<string, string> = {
  scheduled: '已安排',
  cancelled: '已取消',
};

/** What the secretary can mark, in the order of the attendance table's buttons. */
export const ATTENDANCE_MARKS: {
  value: 'present' | 'late' | 'excused' | 'absent';
  label: string;
}[] = [
  { value: 'present', label: '出席' },
  { value: 'late', label: '迟到' },
  { value: 'excused', label: '请假' },
  { value: 'absent', label: '缺席' },
];

/** A mark in the secretary's attendance table (GET /sessions/:id/attendance `status`). */
export const ATTENDANCE_MARK_LABELS: Record<string, string> = Object.fromEntries(
  ATTENDANCE_MARKS.map((m) => [m.value, m.label]),
);

/** How an attendance mark came about (GET /sessions/:id/attendance `source`). */
export const ATTENDANCE_SOURCE_LABELS: Record<string, string> = {
  checkin: '签到',
  secretary: '人工登记',
  leave: '请假批准',
  auto: '结束后自动',
};

/** My attendance at a session (GET /me/sessions `attendance`). */
export const ATTENDANCE_LABELS: Record<string, string> = {
  present: '已签到',
  late: '迟到',
  excused: '已请假',
  absent: '缺席',
  upcoming: '未开始',
  unmarked: '未签到',
};

/** A leave request's state (GET /me/sessions `leave`). */
export const LEAVE_LABELS: Record<string, string> = {
  pending: '请假待审批',
  approved: '请假已批准',
  refused: '请假未批准',
};

// ---- people and units ----

/** Roles as the administrator's roster names them. */
export const ROLE_LABELS: Record<string, string> = {
  staff: '普通人员',
  secretary: '法治秘书',
  hr: '人事',
  admin: '管理员',
};

/** Roles as the management shell's header names the signed-in person's grants. */
export const ROLE_TITLES: Record<string, string> = {
  secretary: '书记/学习组织员',
  hr: '人事干部',
  admin: '系统管理员',
};

export const UNIT_KINDS: { value: Schema<'OrgUnitTreeNodeDto'>['kind']; label: string }[] = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
  { value: 'bureau', label: '局' },
  { value: 'department', label: '科室' },
  { value: 'other', label: '其他' },
];

// ---- laws, plans and compliance ----

export const LAW_CATEGORIES: { value: Schema<'LawResponseDto'>['category']; label: string }[] = [
  { value: 'constitution', label: '宪法' },
  { value: 'law', label: '法律' },
  { value: 'administrative_regulation', label: '行政法规' },
  { value: 'party_regulation', label: '党内法规' },
  { value: 'local_regulation', label: '地方性法规' },
  { value: 'departmental_rule', label: '部门规章' },
  { value: 'other', label: '其他' },
];

/** A plan's state (GET /plans `status`). */
export const PLAN_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  active: '执行中',
  closed: '已关闭',
};

/** An item of a plan's 普法责任清单 (`status`). */
export const RESPONSIBILITY_ITEM_STATUS_LABELS: Record<string, string> = {
  planned: '计划中',
  in_progress: '进行中',
  done: '已完成',
};

/** The rates of the compliance figures (their unit is the percent: format-time.ts formatPercent). */
export const RATE_LABELS = {
  participation: '参学率',
  exam: '参考率',
  pass: '通过率',
  passOfSat: '通过率（按参考人数）',
} as const;

// ---- audit ----

/** Why the audit chain's verification stopped (GET /audit/verify `reason`). */
export const AUDIT_BREAK_REASONS: Record<string, string> = {
  hash_mismatch: '该条记录的内容与其哈希不符（记录可能被篡改）',
  prev_hash_mismatch: '链条在此处断开：前一条记录缺失或顺序被改动',
  unknown_anchor: '链条起点不是已知的归档锚点',
  unkeyed_row: '启用密钥后出现了未用密钥签名的记录',
  truncated: '链条在外部锚定的最新记录之前就结束了（末尾记录可能被删除）',
  head_mismatch: '外部锚定的最新记录已被改动',
  anchor_invalid: '锚点文件不是用审计密钥签名的',
};
