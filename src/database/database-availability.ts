import type { EventEmitter } from 'node:events';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';

/** SQLSTATEs that mean "no usable connection": class 08, shutdown, starting up, too many clients. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors: they count when they concern the database's port. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres says when a connection dies or cannot be had in time. */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not open|terminating connection/i;

/** Failures further apart than this belong to different outages. */
const QUIET_MS = 60_000;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  port?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Tells "PostgreSQL is unreachable" apart from other errors (the filter answers those with
 * 503 COMMON.UNAVAILABLE) and logs an outage once: at its first failed request, and again when
 * the pool connects successfully, not one stack per request.
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');
  private readonly port: string;
  private outage: { since: number; lastAt: number; refused: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.port = new URL(config.db.url).port || '5432';
  }

  onApplicationBootstrap(): void {
    const pool = (this.dataSource.driver as unknown as { master?: EventEmitter }).master;
    pool?.on('connect', () => this.reachable());
  }

  /** Whether `error` (or what it wraps) says the database cannot be reached. */
  isUnavailable(error: unknown): boolean {
    const seen = new Set<unknown>();
    const queue: unknown[] = [error];
    while (queue.length) {
      const e = queue.shift() as ErrorLike | null | undefined;
      if (!e || typeof e !== 'object' || seen.has(e)) continue;
      seen.add(e);
      const code = typeof e.code === 'string' ? e.code : '';
      if (SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
      const port = typeof e.port === 'number' || typeof e.port === 'string' ? String(e.port) : '';
      if (SOCKET_CODES.has(code) && (!port || port === this.port)) return true;
      if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
      queue.push(
        e.driverError,
        e.cause,
        ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : []),
      );
    }
    return false;
  }

  /**
   * A request failed for want of the database: log the first one of an outage only. An outage
   * ends when the pool connects again, or (a pool that timed out while saturated need not
   * reconnect) after a minute without such failures.
   */
  report(error: unknown): void {
    const now = Date.now();
    if (this.outage && now - this.outage.lastAt < QUIET_MS) {
      this.outage.refused++;
      this.outage.lastAt = now;
      return;
    }
    this.outage = { since: now, lastAt: now, refused: 1 };
    this.logger.error(
      { err: error },
      'PostgreSQL is unreachable: answering 503 COMMON.UNAVAILABLE until it is back (logged once)',
    );
  }

  private reachable(): void {
    if (!this.outage) return;
    const { since, refused } = this.outage;
    this.outage = null;
    this.logger.log(
      `PostgreSQL is reachable again after ${Math.round((Date.now() - since) / 1000)} s; ${refused} request(s) were answered 503`,
    );
  }
}
