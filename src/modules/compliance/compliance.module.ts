import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { ComplianceController } from './compliance.controller';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceService } from './compliance.service';

/** The figures bureaus report upwards, exemptions, and frozen figures of closed plans. */
@Module({
  imports: [AuditModule, CurriculumModule, OrgUnitsModule],
  controllers: [ComplianceController],
  providers: [ComplianceRepository, ComplianceService],
  exports: [ComplianceService],
})
export class ComplianceModule {}
