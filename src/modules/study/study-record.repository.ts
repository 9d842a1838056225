import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host';
import { StudyRecordEntity, StudyRecordLawEntity } from './entities/study-record.entity';
import type { RecordStatus, StudyKind } from './entities/study-record.entity';

@Injectable()
export class StudyRecordRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get records() {
    return this.tx.repository(StudyRecordEntity);
  }

  findBySource(kind: StudyKind, sourceKey: string, staffId: string) {
    return this.records.findOneBy({ kind, sourceKey, staffId });
  }

  /** Inserts or updates the record of (kind, source, person); returns its id. */
  async upsert(row: Omit<StudyRecordEntity, 'id' | 'createdAt' | 'staff'>): Promise<string> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title, details,
                                 decided_by, decided_at, decision_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
       ON CONFLICT (kind, source_key, staff_id) DO UPDATE
          SET status = EXCLUDED.status, occurred_on = EXCLUDED.occurred_on, hours = EXCLUDED.hours,
              title = EXCLUDED.title, details = EXCLUDED.details, decided_by = EXCLUDED.decided_by,
              decided_at = EXCLUDED.decided_at, decision_note = EXCLUDED.decision_note
       RETURNING id`,
      [
        row.staffId,
        row.kind,
        row.sourceKey,
        row.status,
        row.occurredOn,
        row.hours,
        row.title,
        row.details === null ? null : JSON.stringify(row.details),
        row.decidedBy,
        row.decidedAt,
        row.decisionNote,
      ],
    );
    return rows[0].id;
  }

  async replaceLaws(recordId: string, laws: { lawId: string; articleNumber: number }[]) {
    await this.tx.repository(StudyRecordLawEntity).delete({ recordId });
    if (laws.length) {
      await this.tx
        .repository(StudyRecordLawEntity)
        .createQueryBuilder()
        .insert()
        .values(laws.map((l) => ({ recordId, lawId: l.lawId, articleNumber: l.articleNumber })))
        .orIgnore()
        .execute();
    }
  }

  async setStatus(
    id: string,
    status: RecordStatus,
    decision: { by: string | null; at: Date; note: string | null },
  ): Promise<void> {
    await this.records.update(
      { id },
      { status, decidedBy: decision.by, decidedAt: decision.at, decisionNote: decision.note },
    );
  }
}
