import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '../../../config';

/** argon2id with the configured cost (default m=19 MiB, t=2, p=1, the OWASP baseline). */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions;
  private dummyHash?: Promise<string>;

  constructor(config: AppConfig) {
    this.options = { type: argon2.argon2id, ...config.auth.argon2 };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.options);
    } catch {
      return true;
    }
  }

  /** Spends the same time as a real check, so unknown staff numbers cannot be told apart. */
  async verifyAgainstDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('xuefa-dummy-password');
    await this.verify(await this.dummyHash, password);
  }
}
