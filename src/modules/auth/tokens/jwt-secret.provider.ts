import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config';

export const JWT_SECRET = Symbol('JWT_SECRET');

/**
 * JWT_SECRET when configured (required in production). Otherwise one random secret generated
 * on first start and kept in `system_secret`, so every replica and every restart agrees.
 */
export const jwtSecretProvider: Provider = {
  provide: JWT_SECRET,
  inject: [AppConfig, DataSource],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<string> => {
    if (config.auth.jwtSecret) return config.auth.jwtSecret;
    await dataSource.query(
      `INSERT INTO system_secret (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(48).toString('base64url')],
    );
    const rows = await dataSource.query<{ value: string }[]>(
      `SELECT value FROM system_secret WHERE name = 'jwt'`,
    );
    new Logger('Auth').warn(
      'JWT_SECRET is not set: using the generated secret stored in the database',
    );
    return rows[0].value;
  },
};
