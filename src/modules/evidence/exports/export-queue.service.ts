import { Injectable } from '@nestjs/common';
import { JobQueueService } from '../../../queue/job-queue.service';
import { JobName } from '../../../queue/jobs';

/** The deterministic id of an export's build job (no ':' in BullMQ ids). */
export const exportJobId = (exportId: string) => `evidence-export-${exportId}`;

/** Job states in which a build of the export is still coming or going on. */
const PENDING_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Queues export builds. The row in PostgreSQL is the truth and the job only a trigger: a job
 * lost with Redis, or one whose worker died, is queued again by the sweeper (ExportJobsService).
 */
@Injectable()
export class ExportQueue {
  constructor(private readonly jobs: JobQueueService) {}

  async queue(exportId: string): Promise<void> {
    await this.jobs.queue(
      { name: JobName.EvidenceExport, data: { exportId } },
      {
        jobId: exportJobId(exportId),
        attempts: 3,
        backoff: { type: 'exponential', delay: 5000 },
      },
    );
  }

  /**
   * Queues the build again unless a job for it is still waiting or running. A finished or failed
   * job of the same id is removed first (BullMQ ignores an add whose id it still holds).
   */
  async requeue(exportId: string): Promise<boolean> {
    const id = exportJobId(exportId);
    const job = await this.jobs.queueOf(JobName.EvidenceExport).getJob(id);
    if (job) {
      if (PENDING_STATES.has(await job.getState())) return false;
      await this.jobs.cancel(JobName.EvidenceExport, id);
    }
    await this.queue(exportId);
    return true;
  }
}
