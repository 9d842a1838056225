/** Queues, one per feature area. */
export enum QueueName {
  Audit = 'audit',
  Exams = 'exams',
}

export enum JobName {
  /** Nightly: delete audit rows past retention (never < 180 days) and verify the hash chain. */
  AuditMaintenance = 'audit-maintenance',
  /** Delayed per attempt to its deadline + grace: finish it if it is still open. */
  AttemptAutoSubmit = 'attempt-autosubmit',
}

/** Every job with its payload. `JobQueueService.queue` accepts only these. */
export type JobItem =
  | { name: JobName.AuditMaintenance; data: { trigger: 'schedule' | 'manual' } }
  | { name: JobName.AttemptAutoSubmit; data: { attemptId: string } };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

/** Which queue carries which job (the type the processors' switches are checked against). */
export interface JobQueues {
  [JobName.AuditMaintenance]: QueueName.Audit;
  [JobName.AttemptAutoSubmit]: QueueName.Exams;
}

/** The jobs one queue carries. */
export type JobsOn<Q extends QueueName> = Extract<
  JobItem,
  { name: { [N in keyof JobQueues]: JobQueues[N] extends Q ? N : never }[keyof JobQueues] }
>;

export const QUEUE_OF: JobQueues = {
  [JobName.AuditMaintenance]: QueueName.Audit,
  [JobName.AttemptAutoSubmit]: QueueName.Exams,
};
