import type { RecordStatus, StudyKind } from './entities/study-record.entity';

export const KIND_LABELS: Record<StudyKind, string> = {
  session: '集体学习',
  makeup_study: '补学',
  self_study: '自学',
  practice: '练习',
  court_hearing: '旁听庭审',
  external_training: '外部培训',
};

export const STATUS_LABELS: Record<RecordStatus, string> = {
  credited: '已计入',
  pending: '待审核',
  rejected: '未通过',
  revoked: '已撤销',
};
