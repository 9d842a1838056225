const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/**
 * Converts a Chinese numeral of any size to an integer: 十 → 10, 十五 → 15, 一百零三 → 103,
 * 一千二百六十 → 1260, 一千零七十七 → 1077, 两万零一 → 20001, 三亿 → 300000000. Digit-by-digit
 * forms (二〇二二 → 2022) are read as positional digits. Returns null for anything else.
 */
export function chineseToInt(text: string): number | null {
  if (!text || [...text].some((c) => !(c in DIGITS || c in SMALL_UNITS || c in BIG_UNITS))) {
    return null;
  }
  if ([...text].every((c) => c in DIGITS) && text.length > 1) {
    return [...text].reduce((n, c) => n * 10 + DIGITS[c], 0);
  }
  let total = 0; // completed 亿/万 groups
  let section = 0; // current group below 万
  let digit: number | null = null;
  let lastSmall = Infinity;
  let lastBig = Infinity;
  for (const c of text) {
    if (c in DIGITS) {
      if (digit !== null && DIGITS[c] !== 0) return null; // two digits in a row: 二三
      digit = DIGITS[c] === 0 ? null : DIGITS[c];
    } else if (c in SMALL_UNITS) {
      const unit = SMALL_UNITS[c];
      if (unit >= lastSmall) return null; // 十百, 百百
      // a bare 十 at the start of a group means 一十
      section += (digit ?? (unit === 10 ? 1 : NaN)) * unit;
      if (Number.isNaN(section)) return null;
      digit = null;
      lastSmall = unit;
    } else {
      const unit = BIG_UNITS[c];
      if (unit >= lastBig) return null;
      section += digit ?? 0;
      if (section === 0 && total === 0) return null; // 万 with nothing before it
      total += section * unit;
      section = 0;
      digit = null;
      lastSmall = Infinity;
      lastBig = unit;
    }
  }
  return total + section + (digit ?? 0);
}

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 15 → 十五, 103 → 一百零三, 1260 → 一千二百六十 (up to 9999). */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`unsupported: ${n}`);
  if (n === 0) return '零';
  const parts: string[] = [];
  const units = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ] as const;
  let rest = n;
  let zero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d) {
      if (zero) parts.push('零');
      zero = false;
      parts.push(value === 10 && d === 1 && !parts.length ? '' : NUMERALS[d], name);
    } else if (parts.length) {
      zero = true;
    }
  }
  if (rest) {
    if (zero) parts.push('零');
    parts.push(NUMERALS[rest]);
  }
  return parts.join('');
}
