import { Module } from '@nestjs/common';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { AuthModule } from '../auth';
import { OrgUnitsModule } from '../org-units';
import { MeController } from './me.controller';
import { RoleAssignmentRepository } from './role-assignment.repository';
import { RosterService } from './roster.service';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [AuditModule, AuthModule, OrgUnitsModule, UploadModule],
  controllers: [StaffController, MeController],
  providers: [StaffService, StaffRepository, RoleAssignmentRepository, RosterService],
  exports: [StaffService],
})
export class StaffModule {}
