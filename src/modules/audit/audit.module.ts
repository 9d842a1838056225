import { Module } from '@nestjs/common';
import { AuditAnchorStore } from './audit-anchor.store';
import { AuditKey } from './audit-key.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuditMaintenanceService } from './audit-maintenance.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditLogRepository,
    AuditMaintenanceService,
    AuditKey,
    AuditAnchorStore,
  ],
  exports: [AuditService, AuditMaintenanceService],
})
export class AuditModule {}
