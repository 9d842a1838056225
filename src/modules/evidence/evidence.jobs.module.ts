import { Module } from '@nestjs/common';
import { EvidenceModule } from './evidence.module';
import { EvidenceProcessor } from './jobs/evidence.processor';
import { EvidenceSweeper } from './jobs/evidence-sweeper.service';

/** Worker side of evidence: export builds and the export sweeper; imported only by WorkerModule. */
@Module({
  imports: [EvidenceModule],
  providers: [EvidenceProcessor, EvidenceSweeper],
})
export class EvidenceJobsModule {}
