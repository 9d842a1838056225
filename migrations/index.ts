import type { MigrationInterface } from 'typeorm';
import { CreateFoundationTables1795744547164 } from './1795744547164-CreateFoundationTables';
import { ProtectAuditLog1795744547200 } from './1795744547200-ProtectAuditLog';
import { CreateCurriculumAndQuestionBank1795746229492 } from './1795746229492-CreateCurriculumAndQuestionBank';
import { CreateExams1795747823507 } from './1795747823507-CreateExams';
import { ExamKeyCorrections1795748654754 } from './1795748654754-ExamKeyCorrections';
import { CreateStudyLedger1795752673850 } from './1795752673850-CreateStudyLedger';
import { CreateStudySessions1795752954341 } from './1795752954341-CreateStudySessions';
import { CreateNotifications1795753016019 } from './1795753016019-CreateNotifications';
import { StudyLedgerActivities1795753179459 } from './1795753179459-StudyLedgerActivities';
import { ComplianceExemptionsAndSnapshots1795754298073 } from './1795754298073-ComplianceExemptionsAndSnapshots';
import { EvidenceExports1795756642452 } from './1795756642452-EvidenceExports';
import { IndexCreditedStudyRecords1795757929474 } from './1795757929474-IndexCreditedStudyRecords';
import { FreezeStudiedWithSnapshots1795770491552 } from './1795770491552-FreezeStudiedWithSnapshots';
import { KeyAuditChain1796660310729 } from './1796660310729-KeyAuditChain';
import { FillInSynonymsAndOrderFree1796661219575 } from './1796661219575-FillInSynonymsAndOrderFree';
import { MaintainLawStudy1796682679842 } from './1796682679842-MaintainLawStudy';

/** Every migration, in order (written by `npm run migration:generate -- Name`). */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateFoundationTables1795744547164,
  ProtectAuditLog1795744547200,
  CreateCurriculumAndQuestionBank1795746229492,
  CreateExams1795747823507,
  ExamKeyCorrections1795748654754,
  CreateStudyLedger1795752673850,
  CreateStudySessions1795752954341,
  CreateNotifications1795753016019,
  StudyLedgerActivities1795753179459,
  ComplianceExemptionsAndSnapshots1795754298073,
  EvidenceExports1795756642452,
  IndexCreditedStudyRecords1795757929474,
  FreezeStudiedWithSnapshots1795770491552,
  KeyAuditChain1796660310729,
  FillInSynonymsAndOrderFree1796661219575,
  MaintainLawStudy1796682679842,
];
