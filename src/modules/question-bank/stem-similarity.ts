/**
 * Stems compared for duplicates: NFKC (full width → half width), lower case, no whitespace,
 * punctuation or blank markers.
 */
export function normalizeStem(stem: string): string {
  return stem
    .normalize('NFKC')
    .toLowerCase()
    .replace(/_{2,}|（\s*）|\(\s*\)/g, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over character bigrams of the normalised stems: 1 = identical. */
export function stemSimilarity(a: string, b: string): number {
  const x = normalizeStem(a);
  const y = normalizeStem(b);
  if (x === y) return 1;
  const bx = bigrams(x);
  const by = bigrams(y);
  let shared = 0;
  for (const [g, n] of bx) shared += Math.min(n, by.get(g) ?? 0);
  const total = Math.max(x.length - 1, 0) + Math.max(y.length - 1, 0);
  return total ? (2 * shared) / total : 0;
}

/** At or above this similarity two stems are reported as nearly identical. */
export const NEAR_DUPLICATE = 0.9;
