import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import type { UploadedFileInfo } from '../../common/http/upload.module';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff } from '../../common/auth';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { ReadingHeartbeatDto, ReadingHeartbeatResponseDto } from './dto/reading.dto';
import {
  CourtHearingDto,
  ExternalTrainingFieldsDto,
  ExternalTrainingUploadDto,
  ListMyRecordsQueryDto,
  StudyRecordResponseDto,
  StudySummaryDto,
  StudyYearQueryDto,
} from './dto/study-record.dto';
import { ReadingService } from './reading/reading.service';
import { StudyRecordsService } from './records/study-records.service';
import { StudySummaryService } from './records/study-summary.service';
import { StudyErrors } from './study.errors';

/** The signed-in person's own study: reading, claims, records and where they stand. */
@ApiTags('我的学习 my study')
@ApiBearerAuth()
@Controller('me')
export class MyStudyController {
  constructor(
    private readonly reading: ReadingService,
    private readonly records: StudyRecordsService,
    private readonly summaries: StudySummaryService,
  ) {}

  @Post('reading/heartbeat')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Self-study reading: send every 30 s while an article is on screen (the first 30 s after it appears). Each earns the time since my previous heartbeat, at most 30 s; a day of reading becomes one self-study record from 1 minute up to SELF_STUDY_CAP_MINUTES',
  })
  @ApiOkResponse({ type: ReadingHeartbeatResponseDto })
  @ApiErrors(StudyErrors.LAW_NOT_FOUND, StudyErrors.ARTICLE_NOT_FOUND)
  heartbeat(
    @CurrentStaff() me: Principal,
    @Body() dto: ReadingHeartbeatDto,
  ): Promise<ReadingHeartbeatResponseDto> {
    return this.reading.heartbeat(me, dto);
  }

  @Get('study')
  @ApiOperation({
    summary:
      'My credited hours by kind in my plan’s period against its required hours, and the required laws I have not studied yet',
  })
  @ApiOkResponse({ type: StudySummaryDto })
  summary(
    @CurrentStaff() me: Principal,
    @Query() query: StudyYearQueryDto,
  ): Promise<StudySummaryDto> {
    return this.summaries.mine(me, query);
  }

  @Get('study/records')
  @ApiOperation({ summary: 'My study records, newest first (filter by kind and status)' })
  @ApiPageResponse(StudyRecordResponseDto)
  myRecords(
    @CurrentStaff() me: Principal,
    @Query() query: ListMyRecordsQueryDto,
  ): Promise<Page<StudyRecordResponseDto>> {
    return this.records.listMine(me, query);
  }

  @Post('study/court-hearings')
  @ApiOperation({
    summary: 'Report a court hearing attended (旁听庭审): counts once a secretary confirms it',
  })
  @ApiCreatedResponse({ type: StudyRecordResponseDto })
  @ApiErrors(StudyErrors.DATE_INVALID, StudyErrors.LAW_NOT_FOUND)
  courtHearing(
    @CurrentStaff() me: Principal,
    @Body() dto: CourtHearingDto,
  ): Promise<StudyRecordResponseDto> {
    return this.records.submitCourtHearing(me, dto);
  }

  @Post('study/external-training')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ExternalTrainingUploadDto })
  @ApiOperation({
    summary:
      'Report external training with its certificate (PDF, JPEG or PNG): counts once a secretary approves it',
  })
  @ApiCreatedResponse({ type: StudyRecordResponseDto })
  @ApiErrors(
    StudyErrors.CERTIFICATE_MISSING,
    StudyErrors.CERTIFICATE_TYPE,
    StudyErrors.DATE_INVALID,
    StudyErrors.LAW_NOT_FOUND,
  )
  externalTraining(
    @CurrentStaff() me: Principal,
    @Body() fields: ExternalTrainingFieldsDto,
    @UploadedFile() file: UploadedFileInfo | undefined,
  ): Promise<StudyRecordResponseDto> {
    return this.records.submitTraining(me, fields, file);
  }
}
