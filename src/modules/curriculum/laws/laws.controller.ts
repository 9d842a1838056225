import {
  Body,
  Controller,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff, Roles } from '../../../common/auth';
import type { UploadedFileInfo } from '../../../common/http/upload.module';
import { uploadedFileName } from '../../../common/http/upload.module';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { CommonErrors } from '../../../common/errors';
import type { Page } from '../../../common/pagination/pagination';
import { ApiPageResponse } from '../../../common/pagination/pagination';
import { IdParam, IntParam } from '../../../common/validation';
import { CurriculumErrors } from '../curriculum.errors';
import {
  ArticleRangeQueryDto,
  ArticleResponseDto,
  ArticleSearchHitDto,
  ImportLawFieldsDto,
  ImportLawFileDto,
  LawDetailResponseDto,
  LawImportReportDto,
  LawResponseDto,
  LawTreeResponseDto,
  ListLawsQueryDto,
  SearchArticlesQueryDto,
  UpdateLawDto,
  VersionQueryDto,
} from '../dto/law.dto';
import { LawImportService } from './law-import.service';
import { LawsService } from './laws.service';

@ApiTags('法律法规 laws')
@ApiBearerAuth()
@Controller('laws')
export class LawsController {
  constructor(
    private readonly laws: LawsService,
    private readonly importer: LawImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Laws with their current version' })
  @ApiPageResponse(LawResponseDto)
  list(@Query() query: ListLawsQueryDto): Promise<Page<LawResponseDto>> {
    return this.laws.list(query);
  }

  @Get('search')
  @ApiOperation({
    summary: 'Full-text search of article text (Chinese substrings), ranked, hits marked',
  })
  @ApiPageResponse(ArticleSearchHitDto)
  @ApiErrors(CurriculumErrors.SEARCH_QUERY_INVALID, CurriculumErrors.LAW_NOT_FOUND)
  search(@Query() query: SearchArticlesQueryDto): Promise<Page<ArticleSearchHitDto>> {
    return this.laws.search(query);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportLawFileDto })
  @ApiOperation({
    summary:
      'Import a law text (.md/.txt in the form of the shared law files, or .docx): a new law, a new version with the articles added/changed/removed, or nothing when unchanged',
  })
  @ApiOkResponse({ type: LawImportReportDto })
  @ApiErrors(
    CurriculumErrors.LAW_FILE_MISSING,
    CurriculumErrors.LAW_FILE_TYPE,
    CurriculumErrors.LAW_TEXT_INVALID,
    CurriculumErrors.LAW_TEXT_TOO_LONG,
    CommonErrors.FILE_UNCOMPRESSED_TOO_LARGE,
    CommonErrors.FILE_TOO_COMPLEX,
  )
  async importLaw(
    @CurrentStaff() me: Principal,
    @UploadedFile() file: UploadedFileInfo | undefined,
    @Body() fields: ImportLawFieldsDto,
  ): Promise<LawImportReportDto> {
    if (!file?.buffer?.length) throw CurriculumErrors.LAW_FILE_MISSING();
    const name = uploadedFileName(file);
    return this.importer.importFile(name, file.buffer, {
      ...fields,
      actor: { id: me.staffId, staffNo: me.staffNo },
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: LawDetailResponseDto })
  @ApiErrors(CurriculumErrors.LAW_NOT_FOUND)
  get(@IdParam() id: string): Promise<LawDetailResponseDto> {
    return this.laws.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: LawDetailResponseDto })
  @ApiErrors(CurriculumErrors.LAW_NOT_FOUND)
  update(@IdParam() id: string, @Body() dto: UpdateLawDto): Promise<LawDetailResponseDto> {
    return this.laws.update(id, dto);
  }

  @Get(':id/tree')
  @ApiOperation({ summary: 'The structure (编/分编/章/节) of the current or a given version' })
  @ApiOkResponse({ type: LawTreeResponseDto })
  @ApiErrors(CurriculumErrors.LAW_NOT_FOUND, CurriculumErrors.VERSION_NOT_FOUND)
  tree(@IdParam() id: string, @Query() q: VersionQueryDto): Promise<LawTreeResponseDto> {
    return this.laws.tree(id, q.versionId);
  }

  @Get(':id/articles')
  @ApiOperation({ summary: 'Articles from … to … (at most 200)' })
  @ApiOkResponse({ type: [ArticleResponseDto] })
  @ApiErrors(CurriculumErrors.ARTICLE_RANGE_INVALID, CurriculumErrors.VERSION_NOT_FOUND)
  articles(@IdParam() id: string, @Query() q: ArticleRangeQueryDto): Promise<ArticleResponseDto[]> {
    return this.laws.articles(id, q.from, q.to, q.versionId);
  }

  @Get(':id/articles/:number')
  @ApiOperation({ summary: 'One article by its number' })
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiErrors(CurriculumErrors.ARTICLE_NOT_FOUND, CurriculumErrors.VERSION_NOT_FOUND)
  article(
    @IdParam() id: string,
    @IntParam('number', '条号') number: number,
    @Query() q: VersionQueryDto,
  ): Promise<ArticleResponseDto> {
    return this.laws.article(id, number, q.versionId);
  }
}
