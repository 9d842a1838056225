import { Module } from '@nestjs/common';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { OrgUnitsModule } from '../org-units';
import { LawChangeHub } from './law-change-hub';
import { LawImportService } from './law-import.service';
import { LawRepository } from './law.repository';
import { LawsController } from './laws.controller';
import { LawsService } from './laws.service';
import { PlanCloseHub } from './plan-close-hub';
import { PlanRepository } from './plan.repository';
import { PlansController, PublicPlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [AuditModule, OrgUnitsModule, UploadModule],
  controllers: [LawsController, PlansController, PublicPlansController],
  providers: [
    LawRepository,
    LawsService,
    LawImportService,
    LawChangeHub,
    PlanRepository,
    PlansService,
    PlanCloseHub,
  ],
  exports: [LawsService, LawImportService, LawChangeHub, PlansService, PlanCloseHub],
})
export class CurriculumModule {}
