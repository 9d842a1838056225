import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { OrgUnitsModule } from '../org-units';
import { SessionsModule } from '../sessions';
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
