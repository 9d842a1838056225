import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff, Roles } from '../../../common/auth';
import { attachment } from '../../../common/http/download';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import type { Page } from '../../../common/pagination/pagination';
import { ApiPageResponse } from '../../../common/pagination/pagination';
import { IdParam } from '../../../common/validation';
import {
  ListRecordsQueryDto,
  RecordDecisionDto,
  StudyRecordResponseDto,
  StudySummaryDto,
  StudyYearQueryDto,
} from '../dto/study-record.dto';
import { StudyRecordsService } from './study-records.service';
import { StudySummaryService } from './study-summary.service';
import { StudyErrors } from '../study.errors';

/**
 * Study records for the people who confirm and read them: secretaries confirm court hearings
 * and training; HR and admins read. Only staff inside the caller's unit scope (else 404).
 */
@ApiTags('学习记录 study records')
@ApiBearerAuth()
@Controller()
export class StudyRecordsController {
  constructor(
    private readonly records: StudyRecordsService,
    private readonly summaries: StudySummaryService,
  ) {}

  @Get('study-records')
  @Roles('secretary', 'hr', 'admin')
  @ApiOperation({
    summary:
      'Study records of the staff in my scope (filter by unit, person, kind, status): pending claims first, oldest first',
  })
  @ApiPageResponse(StudyRecordResponseDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() query: ListRecordsQueryDto,
  ): Promise<Page<StudyRecordResponseDto>> {
    return this.records.list(me, query);
  }

  @Get('study-records/:id')
  @ApiOperation({ summary: 'One record: its owner, or a secretary, HR or admin in scope' })
  @ApiOkResponse({ type: StudyRecordResponseDto })
  @ApiErrors(StudyErrors.RECORD_NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<StudyRecordResponseDto> {
    return this.records.get(me, id);
  }

  @Post('study-records/:id/decision')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirm (credit the hours) or reject a pending court hearing or external training, with a note (required to reject); audited',
  })
  @ApiOkResponse({ type: StudyRecordResponseDto })
  @ApiErrors(StudyErrors.RECORD_NOT_FOUND, StudyErrors.NOT_PENDING, StudyErrors.OWN_RECORD)
  decide(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: RecordDecisionDto,
  ): Promise<StudyRecordResponseDto> {
    return this.records.decide(me, id, dto);
  }

  @Get('study-records/:id/certificate')
  @ApiOperation({ summary: 'The certificate of an external-training record' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiErrors(StudyErrors.RECORD_NOT_FOUND, StudyErrors.CERTIFICATE_NOT_FOUND)
  async certificate(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<StreamableFile> {
    const file = await this.records.certificate(me, id);
    return new StreamableFile(file.content, {
      type: file.mimeType,
      disposition: attachment(file.fileName),
      length: file.content.length,
    });
  }

  @Get('staff/:id/study')
  @Roles('secretary', 'hr', 'admin')
  @ApiOperation({
    summary: 'A person’s hours and required laws against their plan (as GET /me/study)',
  })
  @ApiOkResponse({ type: StudySummaryDto })
  @ApiErrors(StudyErrors.STAFF_NOT_FOUND)
  staffSummary(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() query: StudyYearQueryDto,
  ): Promise<StudySummaryDto> {
    return this.summaries.ofStaff(me, id, query);
  }
}
