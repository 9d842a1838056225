import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { ownerDataSourceOptions } from './data-source';
import { MIGRATIONS_DIR, writeMigrationIndex } from './migration-index';

/** The SQL that would bring the database in line with the entities (empty when in step). */
export async function pendingSchemaChanges(
  config: AppConfig,
): Promise<{ up: string[]; down: string[] }> {
  const dataSource = new DataSource(ownerDataSourceOptions(config));
  await dataSource.initialize();
  try {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: log.upQueries.map((q) => q.query),
      down: log.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

/** Writes migrations/<epochMs>-<Name>.ts from the entity diff and refreshes the index. */
export async function generateMigration(config: AppConfig, name: string, dir = MIGRATIONS_DIR) {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('name must be PascalCase, e.g. AddExams');
  const { up, down } = await pendingSchemaChanges(config);
  if (!up.length) return null;
  const ts = Date.now();
  const className = `${name}${ts}`;
  const q = (sql: string) =>
    `    await queryRunner.query(\`${sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\`);`;
  const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`;
  const file = join(dir, `${ts}-${name}.ts`);
  writeFileSync(file, body);
  writeMigrationIndex(dir);
  return file;
}
