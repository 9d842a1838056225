import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import { databaseNameOf } from '../../database/database-name';
import { canonicalJson } from './audit-hash';
import { AuditKey } from './audit-key.service';

/**
 * The chain's head as last verified, kept outside the database (AUDIT_ANCHOR_DIR), signed with
 * the chain key. A chain that ends before it was truncated; `legacyThroughId` is the last row
 * that may carry the unkeyed scheme, so no later row can be rewritten as an unkeyed one.
 */
export interface AuditAnchor {
  database: string;
  headId: string | null;
  headHash: string | null;
  legacyThroughId: string | null;
  writtenAt: string;
}

export type StoredAnchor =
  { status: 'none' } | { status: 'invalid' } | { status: 'ok'; anchor: AuditAnchor };

@Injectable()
export class AuditAnchorStore {
  private readonly logger = new Logger('AuditAnchor');
  private readonly dir: string;
  readonly database: string;

  constructor(
    config: AppConfig,
    private readonly key: AuditKey,
  ) {
    this.dir = config.audit.anchorDir;
    this.database = databaseNameOf(config.db.url);
  }

  get file(): string {
    return join(this.dir, `anchor-${this.database}.json`);
  }

  async read(): Promise<StoredAnchor> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'none' };
      throw e;
    }
    try {
      const { mac, ...rest } = JSON.parse(text) as AuditAnchor & { mac: string };
      const anchor: AuditAnchor = {
        database: rest.database,
        headId: rest.headId,
        headHash: rest.headHash,
        legacyThroughId: rest.legacyThroughId,
        writtenAt: rest.writtenAt,
      };
      const expected = Buffer.from(this.sign(anchor), 'hex');
      const given = Buffer.from(String(mac), 'hex');
      const valid =
        given.length === expected.length &&
        timingSafeEqual(given, expected) &&
        anchor.database === this.database;
      return valid ? { status: 'ok', anchor } : { status: 'invalid' };
    } catch {
      return { status: 'invalid' };
    }
  }

  /** Replaces the anchor atomically (write a temporary file, then rename over the old one). */
  async write(anchor: Omit<AuditAnchor, 'database'>): Promise<void> {
    const full: AuditAnchor = { database: this.database, ...anchor };
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ ...full, mac: this.sign(full) }, null, 2)}\n`, {
      mode: 0o600,
    });
    await rename(tmp, this.file);
    this.logger.log(
      `audit chain head anchored: id ${full.headId ?? '-'} hash ${full.headHash ?? '-'} (${this.file})`,
    );
  }

  private sign(a: AuditAnchor): string {
    return createHmac('sha256', this.key.value)
      .update(
        canonicalJson([
          'xuefa-audit-anchor',
          a.database,
          a.headId,
          a.headHash,
          a.legacyThroughId,
          a.writtenAt,
        ]),
      )
      .digest('hex');
  }
}
