import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config';
import { AuditModule } from '../audit/audit.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { LawChangeHub } from './law-change-hub';
import { LawImportService } from './law-import.service';
import { LawRepository } from './law.repository';
import { LawsController } from './laws.controller';
import { LawsService } from './laws.service';
import { PlanRepository } from './plan.repository';
import { PlansController, PublicPlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [
    AuditModule,
    OrgUnitsModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.uploadLimitBytes, files: 1 },
      }),
    }),
  ],
  controllers: [LawsController, PlansController, PublicPlansController],
  providers: [
    LawRepository,
    LawsService,
    LawImportService,
    LawChangeHub,
    PlanRepository,
    PlansService,
  ],
  exports: [LawsService, LawImportService, LawChangeHub],
})
export class CurriculumModule {}
