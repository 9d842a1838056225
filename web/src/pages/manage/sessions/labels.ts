/** Labels of the session management pages (the server labels types in its answers too). */
import type { SessionType } from './payload';

export const SESSION_TYPE_OPTIONS: { value: SessionType; label: string }[] = [
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

export const STATUS_LABELS: Record<string, string> = { scheduled: '已安排', cancelled: '已取消' };

/** What the secretary can mark, in the order of the attendance table's buttons. */
export const MARKS: { value: 'present' | 'late' | 'excused' | 'absent'; label: string }[] = [
  { value: 'present', label: '出席' },
  { value: 'late', label: '迟到' },
  { value: 'excused', label: '请假' },
  { value: 'absent', label: '缺席' },
];

export const MARK_LABELS: Record<string, string> = {
  present: '出席',
  late: '迟到',
  excused: '请假',
  absent: '缺席',
};

export const SOURCE_LABELS: Record<string, string> = {
  checkin: '签到',
  secretary: '人工登记',
  leave: '请假批准',
  auto: '结束后自动',
};
