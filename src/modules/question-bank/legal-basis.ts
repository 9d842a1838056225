import { CHINESE_NUMERAL_CHARS, chineseToInt, intToChinese } from '../curriculum';

export interface LegalBasis {
  law: string;
  articles: number[];
}

const NUM = `[${CHINESE_NUMERAL_CHARS}0-9０-９]+`;
const ARTICLE = new RegExp(`第(${NUM})条`, 'g');
const RANGE = new RegExp(
  `第(${NUM})条(?:第${NUM}[款项])*\\s*(?:至|到|—|-|～|~)\\s*第(${NUM})条`,
  'g',
);

function toNumber(s: string): number | null {
  const half = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d+$/.test(half) ? Number(half) : chineseToInt(half);
}

/**
 * Reads a 法律依据 cell: 《信访工作条例》第二十二条、第二十三条；《宪法》第四十一条第一款, with ranges
 * (第三十一条至第三十四条) and Arabic numbers (第22条). Returns null when it cannot be read.
 */
export function parseLegalBasis(text: string): LegalBasis[] | null {
  const parts = text
    .split(/[；;]\s*(?=《)|(?=《)/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const out: LegalBasis[] = [];
  for (const part of parts) {
    const m = /^《([^》]+)》(.*)$/s.exec(part);
    if (!m) return null;
    const rest = m[2];
    const numbers = new Set<number>();
    for (const r of rest.matchAll(RANGE)) {
      const from = toNumber(r[1]);
      const to = toNumber(r[2]);
      if (from === null || to === null || to < from || to - from > 500) return null;
      for (let n = from; n <= to; n++) numbers.add(n);
    }
    for (const a of rest.matchAll(ARTICLE)) {
      const n = toNumber(a[1]);
      if (n === null || n < 1) return null;
      numbers.add(n);
    }
    if (!numbers.size) return null;
    const existing = out.find((b) => b.law === m[1].trim());
    if (existing)
      numbers.forEach((n) => existing.articles.includes(n) || existing.articles.push(n));
    else out.push({ law: m[1].trim(), articles: [...numbers] });
  }
  for (const b of out) b.articles.sort((a, c) => a - c);
  return out;
}

/** 《信访工作条例》第二十二条、第二十三条 */
export function formatLegalBasis(bases: { law: string; articles: number[] }[]): string {
  return bases
    .map((b) => `《${b.law}》${b.articles.map((n) => `第${intToChinese(n)}条`).join('、')}`)
    .join('；');
}
