import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import type { UploadedFileInfo } from '../../common/http/upload.module';
import type { FastifyReply } from 'fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Public, Roles } from '../../common/auth';
import { attachment } from '../../common/http/download';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CommonErrors } from '../../common/errors';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { IdParam } from '../../common/validation';
import { AttendanceService } from './attendance/attendance.service';
import { CalendarService } from './scheduling/calendar.service';
import {
  AttendanceListDto,
  AttendanceRowDto,
  CheckinDto,
  CheckinInfoDto,
  CheckinResultDto,
  LeaveDecisionDto,
  LeaveRequestDto,
  LeaveResponseDto,
  MarkAttendanceDto,
} from './dto/attendance.dto';
import {
  MakeupDetailDto,
  MakeupResultDto,
  MakeupSubmitDto,
  MakeupSummaryDto,
} from './dto/makeup.dto';
import { MaterialDto } from './dto/material.dto';
import {
  CalendarLinkDto,
  CancelSessionDto,
  CheckSessionDto,
  CreateSeriesDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  MinutesDto,
  MySessionDto,
  MySessionsQueryDto,
  SeriesResponseDto,
  SessionCheckResponseDto,
  SessionDetailResponseDto,
  SessionResponseDto,
  SessionWriteResponseDto,
  UpdateSessionDto,
} from './dto/session.dto';
import { MakeupService } from './makeup/makeup.service';
import { MaterialsService } from './makeup/materials.service';
import { SessionErrors } from './sessions.errors';
import { SessionsService } from './scheduling/sessions.service';

/**
 * Study sessions. Secretaries and admins schedule and run them inside their unit scope;
 * invitees read them, check in, ask for leave and read the materials.
 */
@ApiTags('学习活动 sessions')
@ApiBearerAuth()
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly attendance: AttendanceService,
    private readonly materials: MaterialsService,
  ) {}

  @Post()
  @Roles('secretary', 'admin')
  @ApiOperation({
    summary:
      'Schedule a session and invite the invitees at once; warns about invitees with an overlapping one',
  })
  @ApiCreatedResponse({ type: SessionWriteResponseDto })
  @ApiErrors(
    SessionErrors.UNIT_NOT_FOUND,
    SessionErrors.TIME_INVALID,
    SessionErrors.PLACE_REQUIRED,
    SessionErrors.INVITE_INVALID,
    SessionErrors.LAW_INVALID,
  )
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateSessionDto,
  ): Promise<SessionWriteResponseDto> {
    return this.sessions.create(me, dto);
  }

  @Post('series')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'A weekly or monthly series, expanded into single sessions' })
  @ApiCreatedResponse({ type: SeriesResponseDto })
  @ApiErrors(
    SessionErrors.UNIT_NOT_FOUND,
    SessionErrors.TIME_INVALID,
    SessionErrors.PLACE_REQUIRED,
    SessionErrors.INVITE_INVALID,
    SessionErrors.LAW_INVALID,
  )
  createSeries(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateSeriesDto,
  ): Promise<SeriesResponseDto> {
    return this.sessions.createSeries(me, dto);
  }

  @Post('check')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check a session or series without saving it: the same errors, the times and the overlap warnings',
  })
  @ApiOkResponse({ type: SessionCheckResponseDto })
  @ApiErrors(
    SessionErrors.UNIT_NOT_FOUND,
    SessionErrors.TIME_INVALID,
    SessionErrors.PLACE_REQUIRED,
    SessionErrors.INVITE_INVALID,
    SessionErrors.LAW_INVALID,
  )
  check(
    @CurrentStaff() me: Principal,
    @Body() dto: CheckSessionDto,
  ): Promise<SessionCheckResponseDto> {
    return this.sessions.check(me, dto);
  }

  @Get()
  @Roles('secretary', 'admin')
  @ApiPageResponse(SessionResponseDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() q: ListSessionsQueryDto,
  ): Promise<Page<SessionResponseDto>> {
    return this.sessions.list(me, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A session, for a manager in scope or an invitee' })
  @ApiOkResponse({ type: SessionDetailResponseDto })
  @ApiErrors(SessionErrors.NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<SessionDetailResponseDto> {
    return this.sessions.get(me, id);
  }

  @Patch(':id')
  @Roles('secretary', 'admin')
  @ApiOperation({
    summary:
      'Change a session (a new time notifies the invitees and moves the reminders); after the start only topic, organiser and place',
  })
  @ApiOkResponse({ type: SessionWriteResponseDto })
  @ApiErrors(
    SessionErrors.NOT_FOUND,
    SessionErrors.CANCELLED,
    SessionErrors.STARTED,
    SessionErrors.TIME_INVALID,
    SessionErrors.PLACE_REQUIRED,
    SessionErrors.INVITE_INVALID,
    SessionErrors.LAW_INVALID,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateSessionDto,
  ): Promise<SessionWriteResponseDto> {
    return this.sessions.update(me, id, dto);
  }

  @Post(':id/cancel')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel before the start; the invitees are notified' })
  @ApiOkResponse({ type: SessionDetailResponseDto })
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.CANCELLED, SessionErrors.STARTED)
  cancel(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: CancelSessionDto,
  ): Promise<SessionDetailResponseDto> {
    return this.sessions.cancel(me, id, dto);
  }

  @Post(':id/checkin/open')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open check-in: rotating 6-digit codes from 15 min before the start' })
  @ApiOkResponse({ type: CheckinInfoDto })
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.CANCELLED, SessionErrors.CHECKIN_WINDOW)
  openCheckin(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<CheckinInfoDto> {
    return this.attendance.openCheckin(me, id);
  }

  @Get(':id/checkin')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'The code to show now and a link for a QR code' })
  @ApiOkResponse({ type: CheckinInfoDto })
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.CHECKIN_NOT_OPEN)
  checkinInfo(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<CheckinInfoDto> {
    return this.attendance.checkinInfo(me, id);
  }

  @Post(':id/checkin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check in with the code (late after 10 min); a second check-in changes nothing',
  })
  @ApiOkResponse({ type: CheckinResultDto })
  @ApiErrors(
    SessionErrors.NOT_FOUND,
    SessionErrors.CANCELLED,
    SessionErrors.CHECKIN_NOT_OPEN,
    SessionErrors.CHECKIN_WINDOW,
    SessionErrors.CHECKIN_CODE_INVALID,
    SessionErrors.CHECKIN_TOO_MANY_ATTEMPTS,
  )
  checkin(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: CheckinDto,
  ): Promise<CheckinResultDto> {
    return this.attendance.checkin(me, id, dto.code);
  }

  @Get(':id/attendance')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'Every invitee with their mark and leave request; counts' })
  @ApiOkResponse({ type: AttendanceListDto })
  @ApiErrors(SessionErrors.NOT_FOUND)
  attendanceList(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<AttendanceListDto> {
    return this.attendance.list(me, id);
  }

  @Put(':id/attendance/:staffId')
  @Roles('secretary', 'admin')
  @ApiOperation({
    summary: 'Mark or correct one person (audited); present and late earn the hours',
  })
  @ApiOkResponse({ type: AttendanceRowDto })
  @ApiErrors(
    SessionErrors.NOT_FOUND,
    SessionErrors.CANCELLED,
    SessionErrors.ATTENDANCE_TOO_EARLY,
    SessionErrors.NOT_AN_INVITEE,
  )
  mark(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('staffId') staffId: string,
    @Body() dto: MarkAttendanceDto,
  ): Promise<AttendanceRowDto> {
    return this.attendance.mark(me, id, staffId, dto);
  }

  @Post(':id/leave')
  @ApiOperation({ summary: 'Ask to be excused, before the start' })
  @ApiCreatedResponse({ type: LeaveResponseDto })
  @ApiErrors(
    SessionErrors.NOT_FOUND,
    SessionErrors.CANCELLED,
    SessionErrors.LEAVE_TOO_LATE,
    SessionErrors.LEAVE_EXISTS,
  )
  requestLeave(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: LeaveRequestDto,
  ): Promise<LeaveResponseDto> {
    return this.attendance.requestLeave(me, id, dto);
  }

  @Post(':id/leaves/:leaveId/decision')
  @Roles('secretary', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (marks excused) or refuse a leave request; audited' })
  @ApiOkResponse({ type: LeaveResponseDto })
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.LEAVE_NOT_FOUND, SessionErrors.LEAVE_DECIDED)
  decideLeave(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('leaveId') leaveId: string,
    @Body() dto: LeaveDecisionDto,
  ): Promise<LeaveResponseDto> {
    return this.attendance.decideLeave(me, id, leaveId, dto);
  }

  @Put(':id/minutes')
  @Roles('secretary', 'admin')
  @ApiOperation({ summary: 'The minutes (纪要), readable by the invitees' })
  @ApiOkResponse({ type: SessionDetailResponseDto })
  @ApiErrors(SessionErrors.NOT_FOUND)
  minutes(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: MinutesDto,
  ): Promise<SessionDetailResponseDto> {
    return this.materials.setMinutes(me, id, dto.text);
  }

  @Post(':id/materials')
  @Roles('secretary', 'admin')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, DOCX, JPEG or PNG' },
      },
    },
  })
  @ApiCreatedResponse({ type: MaterialDto })
  @ApiErrors(
    SessionErrors.NOT_FOUND,
    SessionErrors.MATERIAL_REQUIRED,
    SessionErrors.MATERIAL_TYPE,
    CommonErrors.FILE_UNCOMPRESSED_TOO_LARGE,
  )
  upload(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @UploadedFile() file: UploadedFileInfo | undefined,
  ): Promise<MaterialDto> {
    return this.materials.upload(me, id, file);
  }

  @Get(':id/materials')
  @ApiOkResponse({ type: [MaterialDto] })
  @ApiErrors(SessionErrors.NOT_FOUND)
  listMaterials(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<MaterialDto[]> {
    return this.materials.list(me, id);
  }

  @Get(':id/materials/:materialId')
  @ApiProduces('application/octet-stream')
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.MATERIAL_NOT_FOUND)
  async download(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('materialId') materialId: string,
  ): Promise<StreamableFile> {
    const { content, material } = await this.materials.download(me, id, materialId);
    return new StreamableFile(content, {
      type: material.mimeType,
      disposition: attachment(material.fileName),
    });
  }

  @Delete(':id/materials/:materialId')
  @Roles('secretary', 'admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(SessionErrors.NOT_FOUND, SessionErrors.MATERIAL_NOT_FOUND)
  removeMaterial(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('materialId') materialId: string,
  ): Promise<void> {
    return this.materials.remove(me, id, materialId);
  }
}

/** The signed-in person's sessions, make-up study and calendar link. */
@ApiTags('学习活动 sessions')
@ApiBearerAuth()
@Controller('me')
export class MySessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly makeups: MakeupService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('sessions')
  @ApiOperation({ summary: 'Sessions I am invited to, with my attendance and leave' })
  @ApiOkResponse({ type: [MySessionDto] })
  mine(@CurrentStaff() me: Principal, @Query() q: MySessionsQueryDto): Promise<MySessionDto[]> {
    return this.sessions.mine(me, q);
  }

  @Get('makeups')
  @ApiOkResponse({ type: [MakeupSummaryDto] })
  makeupList(@CurrentStaff() me: Principal): Promise<MakeupSummaryDto[]> {
    return this.makeups.mine(me);
  }

  @Get('makeups/:sessionId')
  @ApiOperation({ summary: 'Materials to read and the quiz (without keys)' })
  @ApiOkResponse({ type: MakeupDetailDto })
  @ApiErrors(SessionErrors.MAKEUP_NOT_FOUND, SessionErrors.MAKEUP_EXAM_IN_PROGRESS)
  makeup(
    @CurrentStaff() me: Principal,
    @IdParam('sessionId') sessionId: string,
  ): Promise<MakeupDetailDto> {
    return this.makeups.detail(me, sessionId);
  }

  @Post('makeups/:sessionId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'I have read the materials' })
  @ApiOkResponse({ type: MakeupDetailDto })
  @ApiErrors(SessionErrors.MAKEUP_NOT_FOUND, SessionErrors.MAKEUP_EXAM_IN_PROGRESS)
  makeupRead(
    @CurrentStaff() me: Principal,
    @IdParam('sessionId') sessionId: string,
  ): Promise<MakeupDetailDto> {
    return this.makeups.markRead(me, sessionId);
  }

  @Post('makeups/:sessionId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the quiz; a pass credits the hours, a fail brings a new quiz' })
  @ApiOkResponse({ type: MakeupResultDto })
  @ApiErrors(
    SessionErrors.MAKEUP_NOT_FOUND,
    SessionErrors.MAKEUP_DONE,
    SessionErrors.MAKEUP_READ_FIRST,
    SessionErrors.MAKEUP_ANSWERS_INVALID,
    SessionErrors.MAKEUP_EXAM_IN_PROGRESS,
    SessionErrors.MAKEUP_QUIZ_CHANGED,
  )
  makeupSubmit(
    @CurrentStaff() me: Principal,
    @IdParam('sessionId') sessionId: string,
    @Body() dto: MakeupSubmitDto,
  ): Promise<MakeupResultDto> {
    return this.makeups.submit(me, sessionId, dto.answers);
  }

  @Post('calendar')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret calendar link (the old one stops working)' })
  @ApiOkResponse({ type: CalendarLinkDto })
  calendarLink(@CurrentStaff() me: Principal): Promise<CalendarLinkDto> {
    return this.calendar.link(me);
  }

  @Delete('calendar')
  @HttpCode(204)
  @ApiNoContentResponse()
  revokeCalendar(@CurrentStaff() me: Principal): Promise<void> {
    return this.calendar.revoke(me);
  }
}

/** The calendar feed itself: public on purpose, the secret is in the URL. */
@ApiTags('学习活动 sessions')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':file')
  @Public()
  @ApiOperation({ summary: 'iCalendar feed: /calendar/<token>.ics' })
  @ApiProduces('text/calendar')
  @ApiErrors(SessionErrors.CALENDAR_NOT_FOUND)
  async feed(
    @Param('file') file: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const ics = await this.calendar.feed(file.endsWith('.ics') ? file.slice(0, -4) : '');
    res.header('Cache-Control', 'private, max-age=300');
    return new StreamableFile(Buffer.from(ics), { type: 'text/calendar; charset=utf-8' });
  }
}
