import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The nightly job: retention first, then a full chain verification, both recorded. */
@Injectable()
export class AuditMaintenanceService {
  private readonly logger = new Logger(AuditMaintenanceService.name);

  constructor(private readonly audit: AuditService) {}

  async run(trigger: 'schedule' | 'manual'): Promise<{ deleted: number; chainOk: boolean }> {
    const { deleted } = await this.audit.applyRetention();
    const verification = await this.audit.verifyChain();
    if (!verification.ok) {
      this.logger.error(
        `audit chain broken at id ${verification.brokenAtId} (${verification.reason})`,
      );
    }
    await this.audit.record({
      action: 'audit.maintenance',
      actor: null,
      success: verification.ok,
      details: {
        trigger,
        deleted,
        checked: verification.checked,
        brokenAtId: verification.brokenAtId ?? null,
        reason: verification.reason ?? null,
      },
    });
    return { deleted, chainOk: verification.ok };
  }
}
