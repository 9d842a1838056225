import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../database/transaction-host';
import { SessionMakeupEntity, SessionMaterialEntity } from '../entities/study-session.entity';

@Injectable()
export class MakeupRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get tasks() {
    return this.tx.repository(SessionMakeupEntity);
  }

  find(sessionId: string, staffId: string): Promise<SessionMakeupEntity | null> {
    return this.tasks.findOneBy({ sessionId, staffId });
  }

  lock(sessionId: string, staffId: string): Promise<SessionMakeupEntity | null> {
    return this.tasks
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.session_id = :sessionId AND m.staff_id = :staffId', { sessionId, staffId })
      .getOne();
  }

  ofStaff(staffId: string): Promise<SessionMakeupEntity[]> {
    return this.tasks.find({ where: { staffId }, order: { createdAt: 'DESC' } });
  }

  async insertIfNone(task: SessionMakeupEntity): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      `INSERT INTO study_session_makeup (session_id, staff_id, status, quiz, attempts)
       VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (session_id, staff_id) DO NOTHING RETURNING session_id`,
      [task.sessionId, task.staffId, task.status, JSON.stringify(task.quiz), task.attempts],
    );
    return rows.length > 0;
  }

  async update(
    sessionId: string,
    staffId: string,
    patch: Partial<SessionMakeupEntity>,
  ): Promise<void> {
    await this.tasks.update({ sessionId, staffId }, patch);
  }

  materials(sessionId: string): Promise<SessionMaterialEntity[]> {
    return this.tx
      .repository(SessionMaterialEntity)
      .find({ where: { sessionId }, order: { createdAt: 'ASC' } });
  }
}
