import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config';
import { DocumentParserModule } from '../files/document-parser';

/**
 * File uploads (Excel imports, law texts) held in memory, capped at UPLOAD_LIMIT_BYTES, and the
 * DocumentParser that reads them off the event loop.
 */
@Module({
  imports: [
    DocumentParserModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.uploadLimitBytes, files: 1 },
      }),
    }),
  ],
  exports: [MulterModule, DocumentParserModule],
})
export class UploadModule {}

/** Multer reads multipart file names as latin1; browsers send UTF-8 (中文文件名.xlsx). */
export function uploadedFileName(file: Express.Multer.File): string {
  return Buffer.from(file.originalname, 'latin1').toString('utf8');
}
