import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { TransactionHost } from '../../database/transaction-host';

type Work = () => Promise<void>;

/**
 * Side effects outside PostgreSQL (enqueueing a webhook post) that must wait for the caller's
 * transaction: run at its commit, dropped at its rollback, so a group message never announces
 * something that was rolled back and a slow Redis never holds the transaction's locks.
 * Outside a transaction the work runs at once. A TypeORM subscriber sees every commit.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  private readonly pending = new WeakMap<QueryRunner, Work[]>();

  constructor(
    private readonly tx: TransactionHost,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  onModuleDestroy(): void {
    const at = this.dataSource.subscribers.indexOf(this);
    if (at >= 0) this.dataSource.subscribers.splice(at, 1);
  }

  /**
   * Runs `work` now (and returns its promise) or after the open transaction commits (and
   * returns at once). Deferred work runs detached: it must handle its own errors.
   */
  async run(work: Work): Promise<void> {
    const runner = this.tx.inTransaction ? this.tx.manager.queryRunner : undefined;
    if (!runner?.isTransactionActive) return work();
    const list = this.pending.get(runner) ?? [];
    list.push(work);
    this.pending.set(runner, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // a released savepoint: the outer transaction is still open
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    this.pending.delete(event.queryRunner);
    for (const work of list) void work();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    this.pending.delete(event.queryRunner);
  }
}
