import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { BundledContentService } from './bundled-content.service';
import { QuestionImportService } from './question-import.service';
import { QuestionLawListener } from './question-law.listener';
import { QuestionRepository } from './question.repository';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';

@Module({
  imports: [
    AuditModule,
    CurriculumModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.uploadLimitBytes, files: 1 },
      }),
    }),
  ],
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
