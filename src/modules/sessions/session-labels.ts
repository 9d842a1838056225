import type { SessionType } from './entities/study-session.entity';

/** How the annual report names each type ("第2次局党组理论学习中心组集体学习"). */
export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  theory_group: '党组理论学习中心组集体学习',
  branch_general: '支部党员大会',
  branch_committee: '支部委员会',
  party_group: '党小组会',
  party_lecture: '党课',
  staff_meeting: '干部职工会',
  law_study: '集中学法',
  lecture: '专题讲座/培训',
  court_hearing: '旁听庭审',
  constitution_day: '宪法日宣传',
  other: '其他',
};
