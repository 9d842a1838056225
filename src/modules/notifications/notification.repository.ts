import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '../../database/transaction-host';
import { NotificationEntity } from './entities/notification.entity';

export interface NewNotifications {
  staffIds: string[];
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  dedupKey: string | null;
  createdAt: Date;
}

@Injectable()
export class NotificationRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get notifications() {
    return this.tx.repository(NotificationEntity);
  }

  /**
   * One row per person in one statement, on the caller's transaction if there is one; a person who
   * already has the dedup key gets nothing new. Returns the rows created.
   */
  async insertMany(n: NewNotifications): Promise<number> {
    const rows = await this.tx.manager.query<{ created: number }[]>(
      `WITH inserted AS (
         INSERT INTO notification (staff_id, kind, title, body, data, dedup_key, created_at)
         SELECT s.staff_id, $2, $3, $4, $5::jsonb, $6, $7
           FROM unnest($1::uuid[]) AS s (staff_id)
         ON CONFLICT (staff_id, dedup_key) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS created FROM inserted`,
      [n.staffIds, n.kind, n.title, n.body, JSON.stringify(n.data), n.dedupKey, n.createdAt],
    );
    return rows[0].created;
  }

  /** All of one person's notifications and the unread ones. */
  async counts(staffId: string): Promise<{ total: number; unread: number }> {
    const rows = await this.tx.manager.query<{ total: number; unread: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notification WHERE staff_id = $1`,
      [staffId],
    );
    return rows[0];
  }

  page(
    staffId: string,
    options: { unreadOnly: boolean; offset: number; limit: number },
  ): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: { staffId, ...(options.unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: options.offset,
      take: options.limit,
    });
  }

  findOwn(id: string, staffId: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id, staffId });
  }

  /** Marks one of the person's notifications read (the first reading time is kept). */
  async markRead(id: string, staffId: string, at: Date): Promise<void> {
    await this.notifications.update({ id, staffId, readAt: IsNull() }, { readAt: at });
  }

  async markAllRead(staffId: string, at: Date): Promise<number> {
    const result = await this.notifications.update({ staffId, readAt: IsNull() }, { readAt: at });
    return result.affected ?? 0;
  }
}
