import { Module } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import { MultipartModule, memoryStorage } from '@nestjs/platform-fastify';
import { AppConfig } from '../../config';
import { DocumentParserModule } from '../files/document-parser';

/**
 * File uploads (Excel imports, law texts) held in memory, capped at UPLOAD_LIMIT_BYTES, and the
 * DocumentParser that reads them off the event loop.
 */
@Module({
  imports: [
    DocumentParserModule,
    MultipartModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        // browsers send file names as UTF-8 (中文文件名.xlsx); multer's latin1 needed re-decoding
        defParamCharset: 'utf8',
        limits: { fileSize: config.http.uploadLimitBytes, files: 1 },
      }),
    }),
  ],
  exports: [MultipartModule, DocumentParserModule],
})
export class UploadModule {}

/** An uploaded file as the upload interceptors hand it over (multer's shape), held in memory. */
export type UploadedFileInfo = UploadedMultipartFile & { buffer: Buffer };

/** The file's name as the browser sent it (the parser reads names as UTF-8, see above). */
export function uploadedFileName(file: UploadedMultipartFile): string {
  return file.originalname;
}
