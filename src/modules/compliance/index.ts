export { ComplianceModule } from './compliance.module';
export { rate, studyMetOn } from './compliance-figures';
export type { ExamState } from './compliance-figures';
