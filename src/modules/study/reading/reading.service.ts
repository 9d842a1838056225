import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, dateInZone } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { LawsService } from '../../curriculum';
import type { ReadingHeartbeatDto, ReadingHeartbeatResponseDto } from '../dto/reading.dto';
import { ReadingLogRepository } from './reading-log.repository';
import { StudyLedgerService } from '../records/study-ledger.service';
import { StudyErrors } from '../study.errors';
import {
  HEARTBEAT_SECONDS,
  heartbeatSeconds,
  minutesToHours,
  readingMinutes,
} from '../study-rules';

/** The calendar day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Self-study reading: heartbeats while an article is on screen accumulate seconds per person,
 * day and article; each day's reading becomes one self-study record (whole minutes, from one
 * minute up to the daily cap) covering the laws and articles read.
 */
@Injectable()
export class ReadingService {
  constructor(
    private readonly log: ReadingLogRepository,
    private readonly ledger: StudyLedgerService,
    private readonly laws: LawsService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async heartbeat(
    principal: Principal,
    dto: ReadingHeartbeatDto,
  ): Promise<ReadingHeartbeatResponseDto> {
    const law = await this.laws.findLaw(dto.lawId);
    if (!law) throw StudyErrors.LAW_NOT_FOUND();
    const exists = law.currentVersionId
      ? await this.laws.existingArticles(law.currentVersionId, [dto.articleNumber])
      : new Set<number>();
    if (!exists.has(dto.articleNumber)) {
      throw StudyErrors.ARTICLE_NOT_FOUND({ law: law.shortTitle, number: dto.articleNumber });
    }
    const cap = this.config.study.selfStudyCapMinutes;
    return this.tx.run(async () => {
      // read "now" under the lock, so one person's heartbeats are measured in order
      await this.log.lockPerson(principal.staffId);
      const now = this.clock.now();
      const day = dateInZone(now, this.config.timeZone);
      const previous = await this.log.lastBeat(principal.staffId, dayBefore(day));
      const seconds = heartbeatSeconds(previous, now);
      const articleSeconds = await this.log.addBeat({
        staffId: principal.staffId,
        day,
        lawId: law.id,
        articleNumber: dto.articleNumber,
        seconds,
        at: now,
      });
      const articles = await this.log.day(principal.staffId, day);
      const total = articles.reduce((n, a) => n + a.seconds, 0);
      const minutes = readingMinutes(total, cap);
      const before = readingMinutes(total - seconds, cap);
      const newlyCovered = seconds > 0 && articleSeconds === seconds;
      if (minutes >= 1 && (minutes !== before || newlyCovered)) {
        await this.ledger.credit(
          {
            staffId: principal.staffId,
            kind: 'self_study',
            sourceKey: day,
            occurredOn: day,
            hours: minutesToHours(minutes),
            title: `自学法律法规条文 ${minutes} 分钟`,
            laws: articles
              .filter((a) => a.seconds > 0)
              .map((a) => ({ lawId: a.lawId, articleNumber: a.articleNumber })),
            details: { minutes, capMinutes: cap },
          },
          now,
        );
      }
      return {
        day,
        creditedSeconds: seconds,
        articleSeconds,
        todaySeconds: total,
        creditedMinutes: minutes,
        capMinutes: cap,
        capReached: minutes >= cap,
        nextHeartbeatSeconds: HEARTBEAT_SECONDS,
      };
    });
  }
}
