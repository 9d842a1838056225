import { Injectable } from '@nestjs/common';
import { subtreePatterns } from '../../../database/sql';
import { TransactionHost } from '../../../database/transaction-host';
import { StudyRecordEntity, StudyRecordLawEntity } from '../entities/study-record.entity';
import type { RecordStatus, StudyKind } from '../entities/study-record.entity';

export interface RecordFilter {
  kind?: StudyKind;
  status?: RecordStatus;
  offset: number;
  limit: number;
}

export interface ScopedRecordFilter extends RecordFilter {
  /** Staff whose unit lies in one of these subtrees. */
  scopePaths: string[];
  staffId?: string;
  /** Staff of this unit's subtree (already checked against the scope). */
  unitPath?: string;
}

export interface RecordStaff {
  id: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitPath: string;
}

export interface RecordLawRow {
  recordId: string;
  lawId: string;
  shortTitle: string;
  articleNumber: number;
}

export interface KindTotal {
  kind: StudyKind;
  status: RecordStatus;
  records: number;
  hours: number;
}

@Injectable()
export class StudyRecordRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get records() {
    return this.tx.repository(StudyRecordEntity);
  }

  findBySource(kind: StudyKind, sourceKey: string, staffId: string) {
    return this.records.findOneBy({ kind, sourceKey, staffId });
  }

  findById(id: string): Promise<StudyRecordEntity | null> {
    return this.records.findOneBy({ id });
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

  /** Decides a pending record; false when it is no longer pending (someone decided first). */
  async decide(
    id: string,
    status: 'credited' | 'rejected',
    decision: { by: string; at: Date; note: string | null },
  ): Promise<boolean> {
    const [, count] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE study_record SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5
        WHERE id = $1 AND status = 'pending'`,
      [id, status, decision.by, decision.at, decision.note],
    );
    return count === 1;
  }

  /** One person's records, newest study day first. */
  async listForStaff(
    staffId: string,
    filter: RecordFilter,
  ): Promise<[StudyRecordEntity[], number]> {
    const qb = this.records.createQueryBuilder('r').where('r.staff_id = :staffId', { staffId });
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    return qb
      .orderBy('r.occurred_on', 'DESC')
      .addOrderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  /** Records of the staff inside the scope, oldest pending claims first, then newest. */
  async listInScope(
    filter: ScopedRecordFilter,
  ): Promise<{ rows: (StudyRecordEntity & { person: RecordStaff })[]; total: number }> {
    if (!filter.scopePaths.length) return { rows: [], total: 0 };
    const params: unknown[] = [subtreePatterns(filter.scopePaths)];
    const where = ['u.path LIKE ANY($1::text[])'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.unitPath) add('u.path LIKE ?', subtreePatterns([filter.unitPath])[0]);
    if (filter.staffId) add('r.staff_id = ?', filter.staffId);
    if (filter.kind) add('r.kind = ?', filter.kind);
    if (filter.status) add('r.status = ?', filter.status);
    const from = `FROM study_record r JOIN staff s ON s.id = r.staff_id
                  JOIN org_unit u ON u.id = s.unit_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.tx.manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const rows = await this.tx.manager.query<Record<string, unknown>[]>(
      `SELECT r.id, r.staff_id AS "staffId", r.kind, r.source_key AS "sourceKey", r.status,
              to_char(r.occurred_on, 'YYYY-MM-DD') AS "occurredOn", r.hours::float8 AS hours,
              r.title, r.details, r.decided_by AS "decidedBy", r.decided_at AS "decidedAt",
              r.decision_note AS "decisionNote", r.created_at AS "createdAt",
              s.staff_no AS "staffNo", s.name, s.unit_id AS "unitId", u.path AS "unitPath"
         ${from}
        ORDER BY (r.status = 'pending') DESC,
                 CASE WHEN r.status = 'pending' THEN r.created_at END ASC,
                 r.created_at DESC, r.id
        OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, filter.offset, filter.limit],
    );
    return {
      total,
      rows: rows.map((r) => ({
        ...(r as unknown as StudyRecordEntity),
        person: {
          id: r.staffId as string,
          staffNo: r.staffNo as string,
          name: r.name as string,
          unitId: r.unitId as string,
          unitPath: r.unitPath as string,
        },
      })),
    };
  }

  async lawsOf(recordIds: string[]): Promise<RecordLawRow[]> {
    if (!recordIds.length) return [];
    return this.tx.manager.query<RecordLawRow[]>(
      `SELECT rl.record_id AS "recordId", rl.law_id AS "lawId", l.short_title AS "shortTitle",
              rl.article_number AS "articleNumber"
         FROM study_record_law rl JOIN law l ON l.id = rl.law_id
        WHERE rl.record_id = ANY($1::uuid[])
        ORDER BY l.short_title, rl.article_number`,
      [recordIds],
    );
  }

  /** Records and hours per kind and status of one person in a period (dates inclusive). */
  totals(staffId: string, from: string, to: string): Promise<KindTotal[]> {
    return this.tx.manager.query<KindTotal[]>(
      `SELECT kind, status, count(*)::int AS records, coalesce(sum(hours), 0)::float8 AS hours
         FROM study_record
        WHERE staff_id = $1 AND occurred_on BETWEEN $2 AND $3
        GROUP BY kind, status`,
      [staffId, from, to],
    );
  }

  /** Which of the laws have a credited record of the person in the period. */
  async studiedLaws(staffId: string, from: string, to: string, lawIds: string[]) {
    if (!lawIds.length) return new Set<string>();
    const rows = await this.tx.manager.query<{ lawId: string }[]>(
      `SELECT DISTINCT rl.law_id AS "lawId"
         FROM study_record r JOIN study_record_law rl ON rl.record_id = r.id
        WHERE r.staff_id = $1 AND r.status = 'credited' AND r.occurred_on BETWEEN $2 AND $3
          AND rl.law_id = ANY($4::uuid[])`,
      [staffId, from, to, lawIds],
    );
    return new Set(rows.map((r) => r.lawId));
  }
}
