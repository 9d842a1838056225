import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { MeController } from './me.controller';
import { RoleAssignmentRepository } from './role-assignment.repository';
import { RosterService } from './roster.service';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [
    AuditModule,
    AuthModule,
    OrgUnitsModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.uploadLimitBytes, files: 1 },
      }),
    }),
  ],
  controllers: [StaffController, MeController],
  providers: [StaffService, StaffRepository, RoleAssignmentRepository, RosterService],
  exports: [StaffService],
})
export class StaffModule {}
