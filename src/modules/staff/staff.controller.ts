import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  StreamableFile,
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
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Roles } from '../../common/auth';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CommonErrors } from '../../common/errors';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { IdParam } from '../../common/validation';
import { RosterImportFileDto, RosterImportResultDto } from './dto/roster.dto';
import {
  CreateStaffDto,
  ExportStaffQueryDto,
  GrantRoleDto,
  ListStaffQueryDto,
  PasswordResetResponseDto,
  RoleAssignmentResponseDto,
  StaffCreatedResponseDto,
  StaffDetailResponseDto,
  StaffResponseDto,
  UpdateStaffDto,
} from './dto/staff.dto';
import { attachment, XLSX } from '../../common/http/download';
import { RosterService } from './roster.service';
import { StaffErrors } from './staff.errors';
import { StaffService } from './staff.service';

@ApiTags('人员 staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly roster: RosterService,
  ) {}

  @Get()
  @Roles('admin', 'hr', 'secretary')
  @ApiOperation({ summary: 'Staff in the caller’s scope, filtered and paginated' })
  @ApiPageResponse(StaffResponseDto)
  @ApiErrors(StaffErrors.UNIT_NOT_FOUND)
  list(
    @CurrentStaff() me: Principal,
    @Query() query: ListStaffQueryDto,
  ): Promise<Page<StaffResponseDto>> {
    return this.staff.list(me, query);
  }

  @Get('import-template')
  @Roles('admin')
  @ApiOperation({ summary: 'The roster import template (.xlsx)' })
  @ApiProduces(XLSX)
  async template(@CurrentStaff() me: Principal): Promise<StreamableFile> {
    return new StreamableFile(await this.roster.template(me), {
      type: XLSX,
      disposition: attachment('人员名单导入模板.xlsx', 'roster-template'),
    });
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: RosterImportFileDto })
  @ApiOperation({
    summary:
      'Import the roster: all rows are checked first; any bad row means nothing is imported and every bad row is listed',
  })
  @ApiOkResponse({ type: RosterImportResultDto })
  @ApiErrors(
    StaffErrors.IMPORT_FILE_MISSING,
    StaffErrors.IMPORT_FILE_INVALID,
    StaffErrors.IMPORT_INVALID,
    StaffErrors.IMPORT_TOO_MANY_ROWS,
    CommonErrors.FILE_UNCOMPRESSED_TOO_LARGE,
    CommonErrors.FILE_TOO_COMPLEX,
  )
  importRoster(
    @CurrentStaff() me: Principal,
    @UploadedFile() file: UploadedFileInfo | undefined,
  ): Promise<RosterImportResultDto> {
    if (!file?.buffer?.length) throw StaffErrors.IMPORT_FILE_MISSING();
    return this.roster.importRoster(me, file.buffer);
  }

  @Get('export')
  @Roles('admin', 'hr')
  @ApiOperation({ summary: 'The roster in the caller’s scope as .xlsx (streamed)' })
  @ApiProduces(XLSX)
  async export(
    @CurrentStaff() me: Principal,
    @Query() query: ExportStaffQueryDto,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.roster.exportRoster(me, query), {
      type: XLSX,
      disposition: attachment('人员名单.xlsx', 'roster'),
    });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One staff member: yourself, or someone in your admin/hr/secretary scope',
  })
  @ApiOkResponse({ type: StaffDetailResponseDto })
  @ApiErrors(StaffErrors.NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<StaffDetailResponseDto> {
    return this.staff.get(me, id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: StaffCreatedResponseDto })
  @ApiErrors(StaffErrors.UNIT_NOT_FOUND, StaffErrors.STAFF_NO_TAKEN, StaffErrors.EMPLOYMENT_DATES)
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateStaffDto,
  ): Promise<StaffCreatedResponseDto> {
    return this.staff.create(me, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update; `active: false` or a past employment end ends every session' })
  @ApiOkResponse({ type: StaffDetailResponseDto })
  @ApiErrors(
    StaffErrors.NOT_FOUND,
    StaffErrors.UNIT_NOT_FOUND,
    StaffErrors.EMPLOYMENT_DATES,
    StaffErrors.OWN_ACCOUNT,
    StaffErrors.OUTRANKS_CALLER,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffDetailResponseDto> {
    return this.staff.update(me, id, dto);
  }

  @Post(':id/roles')
  @Roles('admin')
  @ApiCreatedResponse({ type: RoleAssignmentResponseDto })
  @ApiErrors(
    StaffErrors.NOT_FOUND,
    StaffErrors.UNIT_NOT_FOUND,
    StaffErrors.ROLE_EXISTS,
    StaffErrors.OWN_ROLES,
    StaffErrors.OUTRANKS_CALLER,
  )
  grantRole(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: GrantRoleDto,
  ): Promise<RoleAssignmentResponseDto> {
    return this.staff.grantRole(me, id, dto);
  }

  @Delete(':id/roles/:assignmentId')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(
    StaffErrors.NOT_FOUND,
    StaffErrors.ROLE_NOT_FOUND,
    StaffErrors.OWN_ROLES,
    StaffErrors.OUTRANKS_CALLER,
  )
  async revokeRole(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('assignmentId') assignmentId: string,
  ): Promise<void> {
    await this.staff.revokeRole(me, id, assignmentId);
  }

  @Post(':id/reset-password')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a temporary password; ends every session of that person' })
  @ApiOkResponse({ type: PasswordResetResponseDto })
  @ApiErrors(StaffErrors.NOT_FOUND, StaffErrors.OWN_ACCOUNT, StaffErrors.OUTRANKS_CALLER)
  resetPassword(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
  ): Promise<PasswordResetResponseDto> {
    return this.staff.resetPassword(me, id);
  }

  @Post(':id/unlock')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Lift the sign-in locks of that person (the account’s and every address’s); audited',
  })
  @ApiNoContentResponse()
  @ApiErrors(StaffErrors.NOT_FOUND, StaffErrors.OWN_ACCOUNT, StaffErrors.OUTRANKS_CALLER)
  async unlock(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<void> {
    await this.staff.unlock(me, id);
  }
}
