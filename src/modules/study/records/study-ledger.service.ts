import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../database/transaction-host';
import type { RecordStatus, StudyKind } from '../entities/study-record.entity';
import { StudyRecordRepository } from './study-record.repository';

export interface CreditInput {
  staffId: string;
  kind: StudyKind;
  /** Unique per person and kind: a session id, a quiz id, a reading day … */
  sourceKey: string;
  /** YYYY-MM-DD in the configured time zone. */
  occurredOn: string;
  hours: number;
  title: string;
  /** Laws covered; articleNumber omitted or 0 = the law as a whole. */
  laws: { lawId: string; articleNumber?: number }[];
  /** Default credited; pending for claims a secretary confirms. */
  status?: RecordStatus;
  details?: Record<string, unknown> | null;
  decidedBy?: string | null;
  decisionNote?: string | null;
}

/**
 * The study ledger: every activity that counts as having studied becomes one record per person
 * and source. Other modules credit through here (idempotent: crediting the same source again
 * updates the one record).
 */
@Injectable()
export class StudyLedgerService {
  constructor(
    private readonly records: StudyRecordRepository,
    private readonly tx: TransactionHost,
  ) {}

  async credit(input: CreditInput, now = new Date()): Promise<string> {
    return this.tx.run(async () => {
      const status = input.status ?? 'credited';
      const id = await this.records.upsert({
        staffId: input.staffId,
        kind: input.kind,
        sourceKey: input.sourceKey,
        status,
        occurredOn: input.occurredOn,
        hours: Math.round(input.hours * 100) / 100,
        title: input.title,
        details: input.details ?? null,
        decidedBy: input.decidedBy ?? null,
        decidedAt: input.decidedBy ? now : null,
        decisionNote: input.decisionNote ?? null,
      });
      await this.records.replaceLaws(
        id,
        input.laws.map((l) => ({ lawId: l.lawId, articleNumber: l.articleNumber ?? 0 })),
      );
      return id;
    });
  }

  /** Whether the record of this source counts now. */
  async isCredited(kind: StudyKind, sourceKey: string, staffId: string): Promise<boolean> {
    return (await this.records.findBySource(kind, sourceKey, staffId))?.status === 'credited';
  }

  /** Stops a record from counting (e.g. attendance corrected to absent); the row stays. */
  async revoke(
    kind: StudyKind,
    sourceKey: string,
    staffId: string,
    by: string | null,
    note: string | null,
    now = new Date(),
  ): Promise<boolean> {
    const record = await this.records.findBySource(kind, sourceKey, staffId);
    if (!record || record.status === 'revoked') return false;
    await this.records.setStatus(record.id, 'revoked', { by, at: now, note });
    return true;
  }
}
