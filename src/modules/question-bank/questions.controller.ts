import {
  Body,
  Controller,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../common/auth';
import { CurrentStaff, RevealsAnswerKeys, Roles } from '../../common/auth';
import type { UploadedFileInfo } from '../../common/http/upload.module';
import { uploadedFileName } from '../../common/http/upload.module';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CommonErrors } from '../../common/errors';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { IdParam, IntParam } from '../../common/validation';
import {
  CreateQuestionDto,
  ExportQuestionsQueryDto,
  ListQuestionsQueryDto,
  QuestionDetailResponseDto,
  QuestionImportFileDto,
  QuestionImportOptionsDto,
  QuestionImportResultDto,
  QuestionSummaryDto,
  ReviewQuestionDto,
  RevisionResponseDto,
  UpdateQuestionDto,
} from './dto/question.dto';
import { attachment, DOCX, XLSX } from '../../common/http/download';
import { QuestionImportService } from './interchange/question-import.service';
import { QuestionErrors } from './questions.errors';
import { QuestionsService } from './questions.service';

/** The bank holds answer keys: only admins (write) and secretaries (read, to build exams). */
@ApiTags('题库 questions')
@ApiBearerAuth()
@Controller('questions')
@RevealsAnswerKeys()
@Roles('admin', 'secretary')
export class QuestionsController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly io: QuestionImportService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Filter by law, article range, type, difficulty, tag, status, review flag',
  })
  @ApiPageResponse(QuestionSummaryDto)
  list(@Query() query: ListQuestionsQueryDto): Promise<Page<QuestionSummaryDto>> {
    return this.questions.list(query);
  }

  @Get('import-template')
  @Roles('admin')
  @ApiOperation({ summary: 'The Excel template for importing questions' })
  @ApiProduces(XLSX)
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await this.io.template(), {
      type: XLSX,
      disposition: attachment('题库导入模板.xlsx', 'question-import-template'),
    });
  }

  @Get('import-template/docx')
  @Roles('admin')
  @ApiOperation({
    summary: 'The Word template for importing questions (headings per type, one example each)',
  })
  @ApiProduces(DOCX)
  async wordTemplate(): Promise<StreamableFile> {
    return new StreamableFile(await this.io.wordTemplate(), {
      type: DOCX,
      disposition: attachment('题库导入模板.docx', 'question-import-template'),
    });
  }

  @Get('export')
  @ApiOperation({
    summary:
      'Export with the list filters: Excel (default), for one law a question-bank JSON file, or Moodle XML, GIFT, Aiken (X-Skipped-Count: questions the format has no form for)',
  })
  @ApiProduces(XLSX, 'application/json', 'application/xml', 'text/plain')
  @ApiErrors(QuestionErrors.EXPORT_LAW_REQUIRED)
  async export(
    @Query() query: ExportQuestionsQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile | object> {
    if (query.format === 'moodle' || query.format === 'gift' || query.format === 'aiken') {
      const { text, skipped } = await this.io.exportInterchange(query, query.format);
      res.header('X-Skipped-Count', String(skipped.length));
      const [name, type] = {
        moodle: ['题库-Moodle.xml', 'application/xml; charset=utf-8'],
        gift: ['题库.gift.txt', 'text/plain; charset=utf-8'],
        aiken: ['题库-Aiken.txt', 'text/plain; charset=utf-8'],
      }[query.format];
      return new StreamableFile(Buffer.from(text, 'utf8'), {
        type,
        disposition: attachment(name, `questions-${query.format}`),
      });
    }
    if (query.format === 'json') {
      const file = await this.io.exportBankFile(query);
      res.header(
        'Content-Disposition',
        attachment(`${file.law.shortTitle ?? 'questions'}.json`, 'questions'),
      );
      return file;
    }
    return new StreamableFile(await this.io.exportExcel(query), {
      type: XLSX,
      disposition: attachment('题库.xlsx', 'questions'),
    });
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: QuestionImportFileDto })
  @ApiOperation({
    summary:
      'Import a question-bank .json file, the Excel template, Moodle XML, GIFT, Aiken or a Word question file (format by extension or the `format` field): all or nothing, every problem reported (row/column, or line/item), idempotent by code',
  })
  @ApiOkResponse({ type: QuestionImportResultDto })
  @ApiErrors(
    QuestionErrors.IMPORT_FILE_MISSING,
    QuestionErrors.IMPORT_FILE_INVALID,
    QuestionErrors.IMPORT_INVALID,
    QuestionErrors.IMPORT_TOO_MANY_ROWS,
    CommonErrors.FILE_UNCOMPRESSED_TOO_LARGE,
    CommonErrors.FILE_TOO_COMPLEX,
  )
  importFile(
    @CurrentStaff() me: Principal,
    @UploadedFile() file: UploadedFileInfo | undefined,
    @Body() body: QuestionImportOptionsDto,
  ): Promise<QuestionImportResultDto> {
    if (!file?.buffer?.length) throw QuestionErrors.IMPORT_FILE_MISSING();
    const name = uploadedFileName(file);
    return this.io.importUpload(me, name, file.buffer, body.format);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a question; identical or nearly identical stems are reported in `similar`',
  })
  @ApiCreatedResponse({ type: QuestionDetailResponseDto })
  @ApiErrors(
    QuestionErrors.CODE_TAKEN,
    QuestionErrors.CONTENT_INVALID,
    QuestionErrors.REFERENCE_INVALID,
  )
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateQuestionDto,
  ): Promise<QuestionDetailResponseDto> {
    return this.questions.create(me, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: QuestionDetailResponseDto })
  @ApiErrors(QuestionErrors.NOT_FOUND)
  get(@IdParam() id: string): Promise<QuestionDetailResponseDto> {
    return this.questions.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit: content changes make a new revision; the history stays readable',
  })
  @ApiOkResponse({ type: QuestionDetailResponseDto })
  @ApiErrors(
    QuestionErrors.NOT_FOUND,
    QuestionErrors.CONTENT_INVALID,
    QuestionErrors.REFERENCE_INVALID,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateQuestionDto,
  ): Promise<QuestionDetailResponseDto> {
    return this.questions.update(me, id, dto);
  }

  @Post(':id/review')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirm a question flagged after a law change: its references move to the current text',
  })
  @ApiOkResponse({ type: QuestionDetailResponseDto })
  @ApiErrors(QuestionErrors.NOT_FOUND, QuestionErrors.NOT_FLAGGED, QuestionErrors.REFERENCE_INVALID)
  review(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: ReviewQuestionDto,
  ): Promise<QuestionDetailResponseDto> {
    return this.questions.review(me, id, dto.note);
  }

  @Get(':id/revisions')
  @ApiOkResponse({ type: [RevisionResponseDto] })
  @ApiErrors(QuestionErrors.NOT_FOUND)
  revisions(@IdParam() id: string): Promise<RevisionResponseDto[]> {
    return this.questions.revisions(id);
  }

  @Get(':id/revisions/:no')
  @ApiOkResponse({ type: RevisionResponseDto })
  @ApiErrors(QuestionErrors.NOT_FOUND, QuestionErrors.REVISION_NOT_FOUND)
  revision(
    @IdParam() id: string,
    @IntParam('no', '版本号') no: number,
  ): Promise<RevisionResponseDto> {
    return this.questions.revision(id, no);
  }
}
