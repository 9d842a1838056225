import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Unit of work without threading an EntityManager through every call: repositories ask the host
 * for the current manager, which is the open transaction's when `run` is on the stack.
 */
@Injectable()
export class TransactionHost {
  private readonly als = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.als.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.als.getStore() !== undefined;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /**
   * One statement as a named prepared statement, planned once per connection: for the few hot
   * paths where parsing and planning cost as much as running (the answer save). It goes to the
   * driver directly (TypeORM cannot name statements), on the open transaction's connection if
   * there is one. Rows come back as node-postgres returns them, as from `manager.query`.
   */
  async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const runner = this.als.getStore()?.queryRunner;
    const client = runner
      ? ((await runner.connect()) as PoolClient)
      : ((this.dataSource.driver as PostgresDriver).master as Pool);
    return (await client.query<T & QueryResultRow>({ name, text, values })).rows;
  }

  /** Runs fn in a transaction, or inside the one already open. */
  run<T>(fn: () => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    if (this.als.getStore()) return fn();
    return this.dataSource.transaction(isolation, (manager) => this.als.run(manager, fn));
  }
}
