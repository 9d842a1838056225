import { Module } from '@nestjs/common';
import { ContentStoreModule } from '../../common/files/content-store';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { ExamsModule } from '../exams';
import { OrgUnitsModule } from '../org-units';
import { SessionsModule } from '../sessions';
import { DossiersService } from './dossiers/dossiers.service';
import { jwtSecretProvider } from '../auth';
import {
  DossiersController,
  ExportLinksController,
  ExportsController,
} from './evidence.controller';
import { EvidenceReader } from './dossiers/evidence-reader.service';
import { EvidenceRepository } from './evidence.repository';
import { ExportJobsService } from './exports/export-jobs.service';
import { ExportQueue } from './exports/export-queue.service';
import { ExportRepository } from './exports/export.repository';
import { ExportsService } from './exports/exports.service';

/** HR evidence: per-person dossiers, unit workbooks exported by a job, and their verification. */
@Module({
  imports: [
    AuditModule,
    ContentStoreModule,
    CurriculumModule,
    ExamsModule,
    OrgUnitsModule,
    SessionsModule,
    UploadModule,
  ],
  controllers: [DossiersController, ExportsController, ExportLinksController],
  providers: [
    // the platform secret, from which download links derive their own key (download-link.ts)
    jwtSecretProvider,
    EvidenceRepository,
    ExportRepository,
    EvidenceReader,
    ExportQueue,
    DossiersService,
    ExportsService,
    ExportJobsService,
  ],
  exports: [ExportJobsService],
})
export class EvidenceModule {}
