import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { StaffModule } from '../staff/staff.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [AuditModule, AuthModule, OrgUnitsModule, StaffModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
