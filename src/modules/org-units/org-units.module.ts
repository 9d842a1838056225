import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { OrgUnitRepository } from './org-unit.repository';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [AuditModule],
  controllers: [OrgUnitsController],
  providers: [OrgUnitsService, OrgUnitRepository],
  exports: [OrgUnitsService],
})
export class OrgUnitsModule {}
