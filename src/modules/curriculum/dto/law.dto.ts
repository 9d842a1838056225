import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  Max,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { STRUCTURE_LEVELS } from '../law-text/law-text-parser';
import type { StructureLevel } from '../law-text/law-text-parser';
import { LAW_CATEGORIES } from '../entities/law.entity';
import type { LawCategory } from '../entities/law.entity';

export class ListLawsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Title or short title contains' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: LAW_CATEGORIES })
  @IsOptional()
  @IsIn(LAW_CATEGORIES)
  category?: LawCategory;
}

export class VersionQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A version of the law; default the current one',
  })
  @IsOptional()
  @IsUUID()
  versionId?: string;
}

export class ArticleRangeQueryDto extends VersionQueryDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  from!: number;

  @ApiProperty({ minimum: 1, description: 'At most 200 articles per request' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  to!: number;
}

export class SearchArticlesQueryDto extends PageQueryDto {
  @ApiProperty({
    description: 'Words to find (every word must occur), e.g. 信访事项',
    example: '信访事项',
  })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  q!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lawId?: string;
}

export class UpdateLawDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  shortTitle?: string;

  @ApiPropertyOptional({ enum: LAW_CATEGORIES })
  @IsOptionalNotNull()
  @IsIn(LAW_CATEGORIES)
  category?: LawCategory;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  issuingBody?: string | null;
}

export class ImportLawFieldsDto {
  @ApiPropertyOptional({ enum: LAW_CATEGORIES })
  @IsOptional()
  @IsIn(LAW_CATEGORIES)
  category?: LawCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  shortTitle?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  issuingBody?: string;
}

export class ImportLawFileDto extends ImportLawFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '.md, .txt or .docx' })
  file!: unknown;
}

export class LawVersionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ example: '2018年12月29日修订' }) label!: string;
  @ApiProperty({ nullable: true, type: String }) effectiveDate!: string | null;
  @ApiProperty() source!: string;
  @ApiProperty() articleCount!: number;
  @ApiProperty() importedAt!: string;
  @ApiProperty() current!: boolean;
}

export class LawResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() shortTitle!: string;
  @ApiProperty({ enum: LAW_CATEGORIES }) category!: LawCategory;
  @ApiProperty({ example: '法律' }) categoryLabel!: string;
  @ApiProperty({ nullable: true, type: String }) issuingBody!: string | null;
  @ApiProperty({ nullable: true, type: String }) promulgatedOn!: string | null;
  @ApiProperty({ type: LawVersionResponseDto, nullable: true })
  currentVersion!: LawVersionResponseDto | null;
}

export class LawDetailResponseDto extends LawResponseDto {
  @ApiProperty({ type: [LawVersionResponseDto] }) versions!: LawVersionResponseDto[];
}

export class LawNodeResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STRUCTURE_LEVELS }) level!: StructureLevel;
  @ApiProperty({ nullable: true, type: Number }) number!: number | null;
  @ApiProperty({ example: '第三章' }) label!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '第一编/第二章' }) key!: string;
  @ApiProperty({ type: [String] }) paragraphs!: string[];
  @ApiProperty({ nullable: true, type: Number }) firstArticle!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lastArticle!: number | null;
  @ApiProperty({ type: () => [LawNodeResponseDto] }) children!: LawNodeResponseDto[];
}

export class LawTreeResponseDto {
  @ApiProperty({ type: LawVersionResponseDto }) version!: LawVersionResponseDto;
  @ApiProperty({ type: [LawNodeResponseDto] }) nodes!: LawNodeResponseDto[];
}

export class NodeRefDto {
  @ApiProperty() label!: string;
  @ApiProperty() title!: string;
  @ApiProperty() key!: string;
}

export class ArticleResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ example: '第二十二条' }) label!: string;
  @ApiProperty({ type: [String], description: '款 and 项 in order' }) paragraphs!: string[];
  @ApiProperty({ type: [NodeRefDto], description: 'The headings above the article' })
  path!: NodeRefDto[];
}

export class ArticleSearchHitDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() lawTitle!: string;
  @ApiProperty() lawShortTitle!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() number!: number;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'How many times the words occur (the rank)' }) hits!: number;
  @ApiProperty({
    description:
      'The text around the first hit, hits wrapped in <mark></mark>, the rest HTML-escaped',
  })
  snippet!: string;
  @ApiProperty({ type: [String] }) paragraphs!: string[];
}

export class LawImportReportDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['created', 'new_version', 'unchanged'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() versionNo!: number;
  @ApiProperty() versionLabel!: string;
  @ApiProperty() articleCount!: number;
  @ApiProperty({ type: [Number] }) added!: number[];
  @ApiProperty({ type: [Number] }) changed!: number[];
  @ApiProperty({ type: [Number] }) removed!: number[];
  @ApiProperty({
    description: 'Questions flagged “needs review” because an article they cite changed',
  })
  flaggedQuestions!: number;
}

export const MAX_ARTICLE_RANGE = 200;
export const SEARCH_TERM_LIMIT = 5;
