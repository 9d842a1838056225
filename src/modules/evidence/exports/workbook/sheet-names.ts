/** Excel's limit on a sheet name, in characters. */
export const SHEET_NAME_MAX = 31;

// []:*?/\ are refused by Excel, control characters by the file format
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[[\]:*?/\\\u0000-\u001f\u007f]/g;

const cut = (s: string, n: number) => Array.from(s).slice(0, n).join('');

/**
 * Hands out sheet names Excel accepts: at most 31 characters, none of []:*?/\, not starting or
 * ending with an apostrophe, and unique without regard to case (a repeat gets "(2)", "(3)" …).
 */
export class SheetNames {
  private readonly used = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  take(wanted: string): string {
    const clean =
      wanted
        .replace(FORBIDDEN, '_')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^'+|'+$/g, '')
        .trim() || '工作表';
    const base = cut(clean, SHEET_NAME_MAX);
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : `(${n})`;
      const name = `${cut(base, SHEET_NAME_MAX - suffix.length).replace(/'+$/, '')}${suffix}`;
      if (!this.used.has(name.toLowerCase())) {
        this.used.add(name.toLowerCase());
        return name;
      }
    }
  }
}
