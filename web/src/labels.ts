/**
 * Chinese labels for the API's enum values that the DTOs do not label themselves (DTOs that
 * carry `typeLabel`, `kindLabel`, `statusLabel`… are shown as the server wrote them). One place,
 * so that every page says the same thing.
 */

export const QUESTION_TYPE_LABELS: Record<string, string> = {
  single_choice: '单选题',
  multiple_choice: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
};

export const EXAM_KIND_LABELS: Record<string, string> = {
  official: '正式考试',
  mock: '模拟考试',
  makeup: '补考',
};

/** A label for a value, or the value itself when it is not listed. */
export function labelOf(labels: Record<string, string>, value: string): string {
  return labels[value] ?? value;
}

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
