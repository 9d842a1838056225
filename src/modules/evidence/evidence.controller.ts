import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Public, Roles } from '../../common/auth';
import type { DigestedFile } from '../../common/http/digest-upload';
import { digestStorage } from '../../common/http/digest-upload';
import { attachment, XLSX } from '../../common/http/download';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { IdParam } from '../../common/validation';
import { DossiersService } from './dossiers/dossiers.service';
import { DossierDto, DossierQueryDto } from './dto/dossier.dto';
import { DOWNLOAD_LINK_PATH } from './exports/download-link';
import {
  CreateExportDto,
  ExportDto,
  ExportLinkDto,
  ListExportsQueryDto,
  VerifyResultDto,
} from './dto/export.dto';
import { EvidenceErrors } from './evidence.errors';
import { ExportsService } from './exports/exports.service';
import type { ExportFile } from './exports/exports.service';

/**
 * The largest file verify accepts. Not UPLOAD_LIMIT_BYTES: the file is hashed as it streams and
 * never held, and a large unit's workbook is far above the limit meant for Excel imports.
 */
const VERIFY_LIMIT_BYTES = 1024 ** 3;

/** One person's annual evidence: HR and admins inside their unit scope, and the person. */
@ApiTags('人事考核证据 evidence')
@ApiBearerAuth()
@Controller('staff')
export class DossiersController {
  constructor(private readonly dossiers: DossiersService) {}

  @Get(':id/dossier')
  @ApiOperation({
    summary:
      "A person's annual dossier: unit, hours by type with the records, sessions attended and missed, exams with scores, make-ups, exemptions and flags (HR/admin in scope, audited; or oneself)",
  })
  @ApiOkResponse({ type: DossierDto })
  @ApiErrors(EvidenceErrors.STAFF_NOT_FOUND)
  dossier(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Query() q: DossierQueryDto,
  ): Promise<DossierDto> {
    return this.dossiers.dossier(me, id, q.year);
  }
}

/** Evidence exports built by a worker, their files and their verification (HR and admins). */
@ApiTags('人事考核证据 evidence')
@ApiBearerAuth()
@Controller('exports')
@Roles('hr', 'admin')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Ask for a unit workbook (or one person’s dossier) as Excel; built by a background job (audited)',
  })
  @ApiAcceptedResponse({ type: ExportDto })
  @ApiErrors(
    EvidenceErrors.UNIT_NOT_FOUND,
    EvidenceErrors.STAFF_NOT_FOUND,
    EvidenceErrors.PLAN_NOT_FOUND,
    EvidenceErrors.UNIT_OUTSIDE_PLAN,
    EvidenceErrors.INVALID_REQUEST,
  )
  request(@CurrentStaff() me: Principal, @Body() dto: CreateExportDto): Promise<ExportDto> {
    return this.exports.request(me, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Exports of units in scope, newest first' })
  @ApiPageResponse(ExportDto)
  list(@CurrentStaff() me: Principal, @Query() q: ListExportsQueryDto): Promise<Page<ExportDto>> {
    return this.exports.list(me, q);
  }

  @Post('verify')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', {
      storage: digestStorage(),
      limits: { fileSize: VERIFY_LIMIT_BYTES, files: 1 },
    }),
  )
  @ApiOperation({
    summary:
      'Is this file an unmodified export? Which one, when and by whom, and is the audit entry that recorded its SHA-256 intact (audited)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'An exported .xlsx' } },
    },
  })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(EvidenceErrors.FILE_MISSING, EvidenceErrors.FILE_NOT_XLSX)
  verify(
    @CurrentStaff() me: Principal,
    @UploadedFile() file: DigestedFile | undefined,
  ): Promise<VerifyResultDto> {
    return this.exports.verify(me, file);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status and progress (percent) of an export; the file facts when done' })
  @ApiOkResponse({ type: ExportDto })
  @ApiErrors(EvidenceErrors.EXPORT_NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExportDto> {
    return this.exports.get(me, id);
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'Download the .xlsx of a finished export before it expires (audited)' })
  @ApiProduces(XLSX)
  @ApiErrors(
    EvidenceErrors.EXPORT_NOT_FOUND,
    EvidenceErrors.EXPORT_NOT_READY,
    EvidenceErrors.EXPORT_EXPIRED,
    EvidenceErrors.EXPORT_FILE_CORRUPT,
  )
  async file(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<StreamableFile> {
    return streamOf(await this.exports.download(me, id));
  }

  @Post(':id/link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A one-time download link to the finished file, valid for 60 s, that the browser opens itself (no token in logs, no file in page memory)',
  })
  @ApiOkResponse({ type: ExportLinkDto })
  @ApiErrors(
    EvidenceErrors.EXPORT_NOT_FOUND,
    EvidenceErrors.EXPORT_NOT_READY,
    EvidenceErrors.EXPORT_EXPIRED,
  )
  link(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<ExportLinkDto> {
    return this.exports.link(me, id);
  }
}

/**
 * The target of download links (POST /exports/:id/link). Public: the signed token stands in
 * for the sign-in, and is checked together with the sign-in it was issued under.
 */
@ApiTags('人事考核证据 evidence')
@Controller(DOWNLOAD_LINK_PATH.slice(1))
export class ExportLinksController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    summary:
      'Download an export through a link from POST /exports/:id/link: once, before it expires (audited)',
  })
  @ApiParam({ name: 'token', description: 'The signed token of the link' })
  @ApiProduces(XLSX)
  @ApiErrors(
    EvidenceErrors.LINK_INVALID,
    EvidenceErrors.LINK_EXPIRED,
    EvidenceErrors.EXPORT_NOT_FOUND,
    EvidenceErrors.EXPORT_NOT_READY,
    EvidenceErrors.EXPORT_EXPIRED,
    EvidenceErrors.EXPORT_FILE_CORRUPT,
  )
  async file(@Param('token') token: string): Promise<StreamableFile> {
    return streamOf(await this.exports.redeem(token));
  }
}

function streamOf({ stream, size, fileName }: ExportFile): StreamableFile {
  return new StreamableFile(stream, {
    type: XLSX,
    disposition: attachment(fileName),
    length: size,
  });
}
