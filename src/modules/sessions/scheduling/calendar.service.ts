import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import type { Principal } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import type { CalendarLinkDto } from '../dto/session.dto';
import { CalendarTokenEntity } from '../entities/study-session.entity';
import { SessionErrors } from '../sessions.errors';
import { SessionsService } from './sessions.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const PAST_DAYS = 90;
const FUTURE_DAYS = 366;

/**
 * A personal iCalendar feed of one's sessions behind a secret URL: only the token's hash is
 * stored; a new link replaces the old one, and revoking deletes it. Cancelled sessions stay in
 * the feed as cancelled, so subscribed calendars drop them.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async link(principal: Principal): Promise<CalendarLinkDto> {
    const token = randomBytes(24).toString('base64url');
    await this.tx
      .repository(CalendarTokenEntity)
      .upsert({ staffId: principal.staffId, tokenHash: sha256(token) }, ['staffId']);
    return { url: `${this.config.http.publicUrl}/calendar/${token}.ics` };
  }

  async revoke(principal: Principal): Promise<void> {
    await this.tx.repository(CalendarTokenEntity).delete({ staffId: principal.staffId });
  }

  async feed(token: string): Promise<string> {
    const row = /^[A-Za-z0-9_-]{32}$/.test(token)
      ? await this.tx.repository(CalendarTokenEntity).findOneBy({ tokenHash: sha256(token) })
      : null;
    if (!row) throw SessionErrors.CALENDAR_NOT_FOUND();
    const now = this.clock.nowMs();
    const list = await this.sessions.sessionsOf(
      row.staffId,
      new Date(now - PAST_DAYS * 86_400_000),
      new Date(now + FUTURE_DAYS * 86_400_000),
      true,
    );
    const presented = await this.sessions.present(list);
    const calendar = ical({
      name: '学法考法学习活动',
      prodId: { company: 'xuefa', product: 'sessions', language: 'ZH' },
      ttl: 3600,
    });
    list.forEach((s, i) => {
      const p = presented[i];
      const laws = p.laws.map(
        (l) => `《${l.lawTitle}》${l.articles.length ? `第${l.articles.join('、')}条` : ''}`,
      );
      calendar.createEvent({
        id: `${s.id}@xuefa`,
        start: s.startsAt,
        end: s.endsAt,
        stamp: s.updatedAt,
        sequence: Math.floor(s.updatedAt.getTime() / 1000),
        summary: `${p.label}：${s.topic}`,
        description: [
          `主持：${s.organiser}`,
          `学时：${s.creditedHours}`,
          ...(laws.length ? [`学习内容：${laws.join('，')}`] : []),
        ].join('\n'),
        location: s.place ?? s.onlineUrl ?? null,
        url: s.onlineUrl,
        status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        alarms:
          s.status === 'cancelled'
            ? []
            : s.reminderOffsetsMinutes.map((o) => ({
                type: ICalAlarmType.display,
                triggerBefore: o * 60,
              })),
      });
    });
    return calendar.toString();
  }
}
