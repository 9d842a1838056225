import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';
import { ExportJobsService } from '../exports/export-jobs.service';

type EvidenceJob = JobsOn<QueueName.Evidence>;

/**
 * Export builds, one at a time per worker: a build streams a whole unit's workbook, so running
 * one keeps memory flat. A failed build throws and BullMQ retries it with the job's backoff;
 * the last failure marks the export failed.
 */
@Processor(QueueName.Evidence, { concurrency: 1 })
export class EvidenceProcessor extends WorkerHost {
  private readonly logger = new Logger(EvidenceProcessor.name);

  constructor(private readonly exports: ExportJobsService) {
    super();
  }

  async process(job: Job<EvidenceJob['data'], unknown, EvidenceJob['name']>): Promise<unknown> {
    const item = { name: job.name, data: job.data } as EvidenceJob;
    switch (item.name) {
      case JobName.EvidenceExport:
        return this.exports.build(
          item.data.exportId,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<EvidenceJob['data']> | undefined, err: Error): void {
    if (!job) return;
    this.logger.warn(
      `export ${job.data.exportId} failed (try ${job.attemptsMade}/${job.opts.attempts ?? 1}): ${err.message}`,
    );
  }
}
