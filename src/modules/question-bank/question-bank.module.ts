import { Module } from '@nestjs/common';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { BundledContentService } from './bank-file/bundled-content.service';
import { QuestionImportService } from './interchange/question-import.service';
import { QuestionLawListener } from './question-law.listener';
import { QuestionRepository } from './question.repository';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';

@Module({
  imports: [AuditModule, CurriculumModule, UploadModule],
  controllers: [QuestionsController],
  providers: [
    QuestionRepository,
    QuestionsService,
    QuestionImportService,
    QuestionLawListener,
    BundledContentService,
  ],
  exports: [QuestionsService, BundledContentService],
})
export class QuestionBankModule {}
