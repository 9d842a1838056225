import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ComplianceCache } from './compliance-cache.service';
import { ComplianceController } from './compliance.controller';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceService } from './compliance.service';
import { ReportService } from './report.service';

/** The figures bureaus report upwards, exemptions, and frozen figures of closed plans. */
@Module({
  imports: [AuditModule, CurriculumModule, OrgUnitsModule, SessionsModule],
  controllers: [ComplianceController],
  providers: [ComplianceCache, ComplianceRepository, ComplianceService, ReportService],
  exports: [ComplianceService],
})
export class ComplianceModule {}
