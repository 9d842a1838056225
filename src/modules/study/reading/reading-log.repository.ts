import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../database/transaction-host';

/** Namespace of the per-person advisory lock taken by reading heartbeats. */
const READING_LOCK = 7301;

export interface ReadingArticle {
  lawId: string;
  articleNumber: number;
  seconds: number;
}

@Injectable()
export class ReadingLogRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Serialises one person's heartbeats (inside a transaction) so gaps are measured in order. */
  async lockPerson(staffId: string): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      READING_LOCK,
      staffId,
    ]);
  }

  /** The person's latest heartbeat on or after `sinceDay`. */
  async lastBeat(staffId: string, sinceDay: string): Promise<Date | null> {
    const rows = await this.tx.manager.query<{ at: Date | null }[]>(
      'SELECT max(last_beat_at) AS at FROM reading_log WHERE staff_id = $1 AND day >= $2',
      [staffId, sinceDay],
    );
    return rows[0]?.at ?? null;
  }

  /** Adds one heartbeat's seconds to the article's day; returns the article's seconds that day. */
  async addBeat(row: {
    staffId: string;
    day: string;
    lawId: string;
    articleNumber: number;
    seconds: number;
    at: Date;
  }): Promise<number> {
    const rows = await this.tx.manager.query<{ seconds: number }[]>(
      `INSERT INTO reading_log (staff_id, day, law_id, article_number, seconds, beats, first_beat_at, last_beat_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $6)
       ON CONFLICT (staff_id, day, law_id, article_number) DO UPDATE
          SET seconds = reading_log.seconds + EXCLUDED.seconds,
              beats = reading_log.beats + 1,
              last_beat_at = GREATEST(reading_log.last_beat_at, EXCLUDED.last_beat_at)
       RETURNING seconds`,
      [row.staffId, row.day, row.lawId, row.articleNumber, row.seconds, row.at],
    );
    return rows[0].seconds;
  }

  /** The articles read on a day, with their seconds. */
  day(staffId: string, day: string): Promise<ReadingArticle[]> {
    return this.tx.manager.query<ReadingArticle[]>(
      `SELECT law_id AS "lawId", article_number AS "articleNumber", seconds
         FROM reading_log WHERE staff_id = $1 AND day = $2
        ORDER BY law_id, article_number`,
      [staffId, day],
    );
  }
}
