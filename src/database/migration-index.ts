import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Development commands run from the repository root. */
export const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

/** migrations/index.ts lists every migration file in order. */
export function writeMigrationIndex(dir = MIGRATIONS_DIR): void {
  const files = readdirSync(dir)
    .filter((f) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const [ts, name] = f.replace(/\.ts$/, '').split('-');
    return { module: `./${f.replace(/\.ts$/, '')}`, className: `${name}${ts}` };
  });
  const text = `import type { MigrationInterface } from 'typeorm';
${entries.map((e) => `import { ${e.className} } from '${e.module}';`).join('\n')}

/** Every migration, in order (written by \`npm run migration:generate -- Name\`). */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
${entries.map((e) => `  ${e.className},`).join('\n')}
];
`;
  writeFileSync(join(dir, 'index.ts'), text);
}
