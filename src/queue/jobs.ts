/** Queues, one per feature area. */
export enum QueueName {
  Audit = 'audit',
  Exams = 'exams',
  Sessions = 'sessions',
  Notifications = 'notifications',
  Evidence = 'evidence',
}

export enum JobName {
  /** Nightly: delete audit rows past retention (never < 180 days) and verify the hash chain. */
  AuditMaintenance = 'audit-maintenance',
  /** Delayed per attempt to its deadline + grace: finish it if it is still open. */
  AttemptAutoSubmit = 'attempt-autosubmit',
  /** Delayed to a session's start minus an offset (default 24 h and 1 h): remind the invitees. */
  SessionReminder = 'session-reminder',
  /** Delayed to a session's start (fix the invitees) and end (mark the unmarked absent). */
  SessionMilestone = 'session-milestone',
  /** Posts one message to the configured group-robot webhook, retried with backoff. */
  WebhookDelivery = 'webhook-delivery',
  /** Builds one HR evidence export (a workbook) and records its SHA-256 in the audit log. */
  EvidenceExport = 'evidence-export',
}

/** Every job with its payload. `JobQueueService.queue` accepts only these. */
export type JobItem =
  | { name: JobName.AuditMaintenance; data: { trigger: 'schedule' | 'manual' } }
  | { name: JobName.AttemptAutoSubmit; data: { attemptId: string } }
  | {
      name: JobName.SessionReminder;
      data: { sessionId: string; offsetMinutes: number; startsAtMs: number };
    }
  | {
      name: JobName.SessionMilestone;
      data: { sessionId: string; milestone: 'start' | 'end'; atMs: number };
    }
  | { name: JobName.WebhookDelivery; data: { notificationKey: string; text: string } }
  | { name: JobName.EvidenceExport; data: { exportId: string } };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

/** Which queue carries which job (the type the processors' switches are checked against). */
export interface JobQueues {
  [JobName.AuditMaintenance]: QueueName.Audit;
  [JobName.AttemptAutoSubmit]: QueueName.Exams;
  [JobName.SessionReminder]: QueueName.Sessions;
  [JobName.SessionMilestone]: QueueName.Sessions;
  [JobName.WebhookDelivery]: QueueName.Notifications;
  [JobName.EvidenceExport]: QueueName.Evidence;
}

/** The jobs one queue carries. */
export type JobsOn<Q extends QueueName> = Extract<
  JobItem,
  { name: { [N in keyof JobQueues]: JobQueues[N] extends Q ? N : never }[keyof JobQueues] }
>;

export const QUEUE_OF: JobQueues = {
  [JobName.AuditMaintenance]: QueueName.Audit,
  [JobName.AttemptAutoSubmit]: QueueName.Exams,
  [JobName.SessionReminder]: QueueName.Sessions,
  [JobName.SessionMilestone]: QueueName.Sessions,
  [JobName.WebhookDelivery]: QueueName.Notifications,
  [JobName.EvidenceExport]: QueueName.Evidence,
};
