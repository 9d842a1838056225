/** Queues, one per feature area. */
export enum QueueName {
  Audit = 'audit',
}

export enum JobName {
  /** Nightly: delete audit rows past retention (never < 180 days) and verify the hash chain. */
  AuditMaintenance = 'audit-maintenance',
}

/** Every job with its payload. `JobQueueService.queue` accepts only these. */
export type JobItem = { name: JobName.AuditMaintenance; data: { trigger: 'schedule' | 'manual' } };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.AuditMaintenance]: QueueName.Audit,
};
