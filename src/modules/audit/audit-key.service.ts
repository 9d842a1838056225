import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config';

/**
 * The audit chain's HMAC key: AUDIT_HMAC_KEY (required in production, config refuses to start
 * without it). In development and test without it, a random key generated once into
 * AUDIT_ANCHOR_DIR/hmac.key, with a warning at every start.
 */
@Injectable()
export class AuditKey {
  readonly value: string;

  constructor(config: AppConfig) {
    this.value = config.audit.hmacKey ?? developmentKey(config.audit.anchorDir);
  }
}

function developmentKey(dir: string): string {
  const file = join(dir, 'hmac.key');
  new Logger('Audit').warn(
    `AUDIT_HMAC_KEY is not set: keying the audit chain with the development key in ${file}. ` +
      'Set AUDIT_HMAC_KEY (production refuses to start without it).',
  );
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file} holds no usable key (at least 32 characters)`);
  return key;
}
