import type { MigrationInterface } from 'typeorm';
import { Foundation1795744547164 } from './1795744547164-Foundation';
import { AuditLogAppendOnly1795744547200 } from './1795744547200-AuditLogAppendOnly';

/** Every migration, in order (written by `npm run cli -- migration:generate`). */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Foundation1795744547164,
  AuditLogAppendOnly1795744547200,
];
