import { AuditLogEntity } from '../modules/audit/entities/audit-log.entity';
import {
  ComplianceLawStudyEntity,
  PlanExemptionEntity,
  PlanSnapshotEntity,
} from '../modules/compliance/entities/compliance.entity';
import { LawArticleEntity } from '../modules/curriculum/entities/law-article.entity';
import { LawNodeEntity } from '../modules/curriculum/entities/law-node.entity';
import { LawVersionEntity } from '../modules/curriculum/entities/law-version.entity';
import { LawEntity } from '../modules/curriculum/entities/law.entity';
import { PlanRequiredLawEntity } from '../modules/curriculum/entities/plan-required-law.entity';
import { ResponsibilityItemEntity } from '../modules/curriculum/entities/responsibility-item.entity';
import { StudyPlanEntity } from '../modules/curriculum/entities/study-plan.entity';
import { QuestionReferenceEntity } from '../modules/question-bank/entities/question-reference.entity';
import { QuestionRevisionEntity } from '../modules/question-bank/entities/question-revision.entity';
import { QuestionEntity } from '../modules/question-bank/entities/question.entity';
import { AuthSessionEntity } from '../modules/auth/entities/auth-session.entity';
import { RefreshTokenEntity } from '../modules/auth/entities/refresh-token.entity';
import { StaffCredentialEntity } from '../modules/auth/entities/staff-credential.entity';
import { SystemSecretEntity } from '../modules/auth/entities/system-secret.entity';
import {
  AttemptAnswerEntity,
  AttemptEventEntity,
  AttemptQuestionEntity,
  ExamAttemptEntity,
  ExamExtraTimeEntity,
} from '../modules/exams/entities/exam-attempt.entity';
import {
  ExamBlueprintRuleEntity,
  ExamCandidateEntity,
  ExamFixedQuestionEntity,
  ExamKeyCorrectionEntity,
  ExamPoolQuestionEntity,
} from '../modules/exams/entities/exam-paper.entity';
import { EvidenceExportEntity } from '../modules/evidence/entities/evidence-export.entity';
import { ExamEntity } from '../modules/exams/entities/exam.entity';
import { NotificationEntity } from '../modules/notifications/entities/notification.entity';
import { OrgUnitEntity } from '../modules/org-units/entities/org-unit.entity';
import { RoleAssignmentEntity } from '../modules/staff/entities/role-assignment.entity';
import {
  CalendarTokenEntity,
  SessionAttendanceEntity,
  SessionLeaveEntity,
  SessionMakeupEntity,
  SessionMaterialEntity,
  StudySessionEntity,
  StudySessionInviteeEntity,
  StudySessionLawEntity,
  StudySessionSeriesEntity,
} from '../modules/sessions/entities/study-session.entity';
import { StaffEntity } from '../modules/staff/entities/staff.entity';
import {
  PracticeQuestionEntity,
  PracticeQuizEntity,
} from '../modules/study/entities/practice.entity';
import { ReadingLogEntity } from '../modules/study/entities/reading-log.entity';
import {
  StudyRecordEntity,
  StudyRecordLawEntity,
} from '../modules/study/entities/study-record.entity';
import { WrongAnswerEntity } from '../modules/study/entities/wrong-answer.entity';

/** Every entity, listed once for the app, the CLI and the migration check. */
export const ENTITIES = [
  OrgUnitEntity,
  StaffEntity,
  RoleAssignmentEntity,
  StaffCredentialEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  SystemSecretEntity,
  AuditLogEntity,
  LawEntity,
  LawVersionEntity,
  LawNodeEntity,
  LawArticleEntity,
  StudyPlanEntity,
  PlanRequiredLawEntity,
  ResponsibilityItemEntity,
  QuestionEntity,
  QuestionRevisionEntity,
  QuestionReferenceEntity,
  ExamEntity,
  ExamFixedQuestionEntity,
  ExamBlueprintRuleEntity,
  ExamPoolQuestionEntity,
  ExamCandidateEntity,
  ExamKeyCorrectionEntity,
  ExamAttemptEntity,
  AttemptQuestionEntity,
  AttemptAnswerEntity,
  AttemptEventEntity,
  ExamExtraTimeEntity,
  StudyRecordEntity,
  StudyRecordLawEntity,
  ReadingLogEntity,
  PracticeQuizEntity,
  PracticeQuestionEntity,
  WrongAnswerEntity,
  StudySessionSeriesEntity,
  StudySessionEntity,
  StudySessionLawEntity,
  StudySessionInviteeEntity,
  SessionAttendanceEntity,
  SessionLeaveEntity,
  SessionMaterialEntity,
  SessionMakeupEntity,
  CalendarTokenEntity,
  NotificationEntity,
  PlanExemptionEntity,
  PlanSnapshotEntity,
  ComplianceLawStudyEntity,
  EvidenceExportEntity,
];
