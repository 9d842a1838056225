import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { AuthModule } from '../auth';
import { OrgUnitsModule } from '../org-units';
import { StaffModule } from '../staff';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [AuditModule, AuthModule, OrgUnitsModule, StaffModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
