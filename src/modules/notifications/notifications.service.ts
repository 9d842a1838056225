import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../common/auth';
import { Clock } from '../../common/clock/clock';
import type { Page } from '../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../common/pagination/pagination';
import { AppConfig } from '../../config';
import { JobQueueService } from '../../queue/job-queue.service';
import { JobName } from '../../queue/jobs';
import { AfterCommit } from './after-commit.subscriber';
import type {
  ListNotificationsQueryDto,
  MarkAllReadResponseDto,
  NotificationResponseDto,
} from './dto/notification.dto';
import type { NotificationEntity } from './entities/notification.entity';
import { NotificationRepository } from './notification.repository';
import { NotificationErrors } from './notifications.errors';

/** What other modules hand to `NotificationsService.notify`. */
export interface NotifyInput {
  staffIds: string[];
  /** session_reminder, session_rescheduled, session_cancelled, leave_decided, record_decided, makeup_task … (≤ 40 chars) */
  kind: string;
  /** Shown in the inbox list; longer than 200 characters is cut with "…". */
  title: string;
  body: string;
  /** What a client links to, e.g. { sessionId }. */
  data?: Record<string, unknown>;
  /** With the same key a person gets this notification once (retried jobs, double clicks). ≤ 200 chars. */
  dedupKey?: string;
  /** Also post this text once to the group webhook, if one is configured. */
  webhookText?: string;
}

const TITLE_MAX = 200;
const DEDUP_KEY_MAX = 200;
const KIND_MAX = 40;

/** How long finished webhook jobs are kept: the window in which a repeated dedupKey posts nothing. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/** The webhook job of a dedup key: deterministic, and without the ':' BullMQ refuses in ids. */
export const webhookJobId = (dedupKey: string) =>
  `notify-webhook-${createHash('sha256').update(dedupKey).digest('hex').slice(0, 40)}`;

/**
 * The in-app inbox, and the one way other modules notify people. The inbox rows are the truth
 * and are written first; the group webhook is a BullMQ job whose failure (or an unreachable
 * Redis) never touches them.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly jobs: JobQueueService,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Writes one inbox row per person (one statement, inside the caller's transaction when there
   * is one; repeated people and people who already have `dedupKey` get nothing new) and, when
   * `webhookText` is given and a webhook is configured, queues one post of it after the
   * transaction commits (never when it rolls back). Returns the rows created.
   */
  async notify(input: NotifyInput): Promise<number> {
    if (input.kind.length === 0 || input.kind.length > KIND_MAX)
      throw new Error(`notification kind must have 1-${KIND_MAX} characters: "${input.kind}"`);
    if (input.dedupKey !== undefined && input.dedupKey.length > DEDUP_KEY_MAX)
      throw new Error(`notification dedupKey longer than ${DEDUP_KEY_MAX} characters`);
    const staffIds = [...new Set(input.staffIds)];
    const created = staffIds.length
      ? await this.notifications.insertMany({
          staffIds,
          kind: input.kind,
          title: cut(input.title, TITLE_MAX),
          body: input.body,
          data: input.data ?? {},
          dedupKey: input.dedupKey ?? null,
          createdAt: this.clock.now(),
        })
      : 0;
    const text = input.webhookText;
    if (text && this.config.notifications.webhook) {
      await this.afterCommit.run(() => this.queueWebhook(text, input.dedupKey));
    }
    return created;
  }

  async list(me: Principal, q: ListNotificationsQueryDto): Promise<NotificationPage> {
    const unreadOnly = q.unread === true;
    const [counts, rows] = await Promise.all([
      this.notifications.counts(me.staffId),
      this.notifications.page(me.staffId, {
        unreadOnly,
        offset: offsetOf(q),
        limit: q.pageSize,
      }),
    ]);
    return {
      ...pageOf(rows.map(toDto), unreadOnly ? counts.unread : counts.total, q),
      unreadCount: counts.unread,
    };
  }

  async markRead(me: Principal, id: string): Promise<NotificationResponseDto> {
    await this.notifications.markRead(id, me.staffId, this.clock.now());
    const row = await this.notifications.findOwn(id, me.staffId);
    if (!row) throw NotificationErrors.NOT_FOUND();
    return toDto(row);
  }

  async markAllRead(me: Principal): Promise<MarkAllReadResponseDto> {
    return { marked: await this.notifications.markAllRead(me.staffId, this.clock.now()) };
  }

  /** Never throws: the inbox rows are written whatever Redis does. */
  private async queueWebhook(text: string, dedupKey: string | undefined): Promise<void> {
    const { webhookAttempts, webhookBackoffMs } = this.config.notifications;
    try {
      await this.jobs.queue(
        {
          name: JobName.WebhookDelivery,
          data: { notificationKey: dedupKey ?? randomUUID(), text },
        },
        {
          jobId: dedupKey === undefined ? undefined : webhookJobId(dedupKey),
          attempts: webhookAttempts,
          backoff: { type: 'exponential', delay: webhookBackoffMs },
          removeOnComplete: { age: KEEP_FINISHED_SECONDS },
          removeOnFail: { age: KEEP_FINISHED_SECONDS },
        },
      );
    } catch (err) {
      this.logger.warn(
        `could not queue the webhook post${dedupKey ? ` of ${dedupKey}` : ''}: the in-app notifications are kept, the group message is dropped (${String(err)})`,
      );
    }
  }
}

export type NotificationPage = Page<NotificationResponseDto> & { unreadCount: number };

function toDto(n: NotificationEntity): NotificationResponseDto {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    data: n.data,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
