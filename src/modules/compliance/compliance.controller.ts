import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Roles } from '../../common/auth';
import { attachment, DOCX } from '../../common/http/download';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { IdParam } from '../../common/validation';
import { ComplianceErrors } from './compliance.errors';
import { ComplianceService } from './compliance.service';
import { ReportService } from './report.service';
import {
  ComplianceDto,
  ComplianceQueryDto,
  CreateExemptionDto,
  ExemptionDto,
  MissingDto,
  MissingQueryDto,
  ReportQueryDto,
  RevokeExemptionDto,
} from './dto/compliance.dto';

/** The three rates of a plan (admins, HR and secretaries, inside their unit scope). */
@ApiTags('合规统计 compliance')
@ApiBearerAuth()
@Controller('plans')
@Roles('admin', 'hr', 'secretary')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly reports: ReportService,
  ) {}

  @Get(':id/compliance')
  @ApiOperation({
    summary:
      '参学率、参考率、通过率 as n / d against their targets, per child unit, by month, and sessions held; frozen once the plan is closed',
  })
  @ApiOkResponse({ type: ComplianceDto })
  @ApiErrors(
    ComplianceErrors.PLAN_NOT_FOUND,
    ComplianceErrors.PLAN_NOT_ACTIVE,
    ComplianceErrors.UNIT_NOT_FOUND,
  )
  figures(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: ComplianceQueryDto,
  ): Promise<ComplianceDto> {
    return this.compliance.compliance(me, id, q.unitId);
  }

  @Get(':id/compliance/missing')
  @ApiOperation({
    summary: 'Who is missing a rate, and exactly what (whole, or a page with pageSize and page)',
  })
  @ApiOkResponse({ type: MissingDto })
  @ApiErrors(
    ComplianceErrors.PLAN_NOT_FOUND,
    ComplianceErrors.PLAN_NOT_ACTIVE,
    ComplianceErrors.UNIT_NOT_FOUND,
  )
  missing(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: MissingQueryDto,
  ): Promise<MissingDto> {
    return this.compliance.missing(me, id, q.rate, q.unitId, q.pageSize ? q : undefined);
  }

  @Get(':id/report')
  @ApiOperation({
    summary: 'The annual report paragraph from the data: Markdown (default) or Word (format=docx)',
  })
  @ApiProduces('text/markdown', DOCX)
  @ApiErrors(
    ComplianceErrors.PLAN_NOT_FOUND,
    ComplianceErrors.PLAN_NOT_ACTIVE,
    ComplianceErrors.UNIT_NOT_FOUND,
  )
  async report(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: ReportQueryDto,
  ): Promise<StreamableFile> {
    if (q.format === 'docx') {
      const { title, file } = await this.reports.docx(me, id, q.unitId);
      return new StreamableFile(file, {
        type: DOCX,
        disposition: attachment(`${title}.docx`, 'compliance-report'),
      });
    }
    const { text } = await this.reports.markdown(me, id, q.unitId);
    return new StreamableFile(Buffer.from(text), { type: 'text/markdown; charset=utf-8' });
  }

  @Get(':id/exemptions')
  @ApiOperation({ summary: 'Exemptions (免考免学) of the plan, revoked ones included' })
  @ApiOkResponse({ type: [ExemptionDto] })
  @ApiErrors(ComplianceErrors.PLAN_NOT_FOUND, ComplianceErrors.PLAN_NOT_ACTIVE)
  exemptions(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExemptionDto[]> {
    return this.compliance.exemptions(me, id);
  }

  @Post(':id/exemptions')
  @Roles('admin', 'hr')
  @ApiOperation({
    summary:
      'Exempt one person from the plan (reason, approver, date; audited); admins and HR in scope',
  })
  @ApiCreatedResponse({ type: ExemptionDto })
  @ApiErrors(
    ComplianceErrors.PLAN_NOT_FOUND,
    ComplianceErrors.PLAN_CLOSED,
    ComplianceErrors.EXEMPTION_STAFF,
    ComplianceErrors.EXEMPTION_EXISTS,
  )
  exempt(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: CreateExemptionDto,
  ): Promise<ExemptionDto> {
    return this.compliance.exempt(me, id, dto);
  }

  @Post(':id/exemptions/:exemptionId/revoke')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOkResponse({ type: ExemptionDto })
  @ApiErrors(
    ComplianceErrors.PLAN_NOT_FOUND,
    ComplianceErrors.PLAN_CLOSED,
    ComplianceErrors.EXEMPTION_NOT_FOUND,
    ComplianceErrors.EXEMPTION_REVOKED,
  )
  revoke(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('exemptionId') exemptionId: string,
    @Body() dto: RevokeExemptionDto,
  ): Promise<ExemptionDto> {
    return this.compliance.revokeExemption(me, id, exemptionId, dto);
  }
}
