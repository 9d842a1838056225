export { QuestionBankModule } from './question-bank.module';
export { QuestionRevisionEntity } from './entities/question-revision.entity';
export { QuestionEntity } from './entities/question.entity';
export { BLANK, LETTERS, QUESTION_TYPES, TYPE_LABELS, contentProblems } from './question-content';
export type { QuestionType } from './question-content';
export { QuestionsService } from './questions.service';
