import { Module } from '@nestjs/common';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { OrgUnitsModule } from '../org-units';
import { LawChangeHub } from './laws/law-change-hub.service';
import { LawImportService } from './laws/law-import.service';
import { LawRepository } from './laws/law.repository';
import { LawsController } from './laws/laws.controller';
import { LawsService } from './laws/laws.service';
import { PlanCloseHub } from './plans/plan-close-hub.service';
import { PlanRepository } from './plans/plan.repository';
import { PlansController, PublicPlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';

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
