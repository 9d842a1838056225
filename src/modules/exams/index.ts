export { ExamsModule } from './exams.module';
export { ExamEntity } from './entities/exam.entity';
export type { ExamKind } from './entities/exam.entity';
export { ExamDisclosureService } from './exam-disclosure.service';
export type { DisclosureGuard } from './exam-disclosure.service';
export { gradeResponse, keyInDisplayOrder, percentage } from './grading/grading';
export { buildPaper } from './paper-builder';
export type { PaperSource } from './paper-builder';
export { STANDING_LABELS, countedPercentage, standing } from './results/standing';
