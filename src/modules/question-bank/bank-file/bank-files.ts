import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedLaw } from '../../curriculum';
import { parseLawText } from '../../curriculum';

/** The bundled question bank: every *.json in question-bank/ except the schema. */
export function bankFilePaths(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .sort()
    .map((f) => join(dir, f));
}

export function readBankFiles(paths: string[]): { name: string; content: unknown }[] {
  return paths.map((p) => ({ name: p, content: JSON.parse(readFileSync(p, 'utf8')) as unknown }));
}

/** Law texts (Markdown or plain text) in a folder, keyed by title. */
export function readLawTexts(dir: string): Map<string, ParsedLaw> {
  const laws = new Map<string, ParsedLaw>();
  if (!existsSync(dir)) return laws;
  for (const f of readdirSync(dir).sort()) {
    if (!/\.(md|txt)$/.test(f) || /^readme/i.test(f)) continue;
    const law = parseLawText(readFileSync(join(dir, f), 'utf8'));
    laws.set(law.title, law);
  }
  return laws;
}
