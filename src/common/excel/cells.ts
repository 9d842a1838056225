import type { CellValue } from 'exceljs';

/** exceljs hands date cells over as UTC midnight. */
export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Text of a cell whatever exceljs made of it (rich text, hyperlink, formula result, date). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText(value.result);
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}
