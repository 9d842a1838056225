import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Roles } from '../../common/auth';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse, offsetOf, pageOf } from '../../common/pagination/pagination';
import { JobQueueService } from '../../queue/job-queue.service';
import { JobName } from '../../queue/jobs';
import { AuditService } from './audit.service';
import {
  AuditLogResponseDto,
  AuditQueryDto,
  ChainVerificationResponseDto,
  MaintenanceJobResponseDto,
} from './dto/audit.dto';
import type { AuditLogEntity } from './entities/audit-log.entity';

@ApiTags('审计 audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('admin')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly jobs: JobQueueService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Audit rows about units in the caller’s admin scope (all rows for a root admin)',
  })
  @ApiPageResponse(AuditLogResponseDto)
  async search(
    @CurrentStaff() me: Principal,
    @Query() q: AuditQueryDto,
  ): Promise<Page<AuditLogResponseDto>> {
    const [rows, total] = await this.audit.searchVisibleTo(me, {
      action: q.action,
      actorId: q.actorId,
      actorStaffNo: q.actorStaffNo,
      targetType: q.targetType,
      targetId: q.targetId,
      success: q.success,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      offset: offsetOf(q),
      limit: q.pageSize,
    });
    return pageOf(rows.map(toResponse), total, q);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verify the whole hash chain and report the first broken link' })
  @ApiOkResponse({ type: ChainVerificationResponseDto })
  verify(): Promise<ChainVerificationResponseDto> {
    return this.audit.verifyChain();
  }

  @Post('maintenance')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue the retention-and-verification job now (it also runs nightly)' })
  @ApiAcceptedResponse({ type: MaintenanceJobResponseDto })
  async maintenance(): Promise<MaintenanceJobResponseDto> {
    const jobId = await this.jobs.queue({
      name: JobName.AuditMaintenance,
      data: { trigger: 'manual' },
    });
    return { jobId: jobId ?? '' };
  }
}

function toResponse(a: AuditLogEntity): AuditLogResponseDto {
  return { ...a, occurredAt: a.occurredAt.toISOString() };
}
