/**
 * Writing Excel exports that print and calculate (every export uses these): A4 page setup, fit
 * to one page wide (landscape when the columns are wide), the header rows repeated on every
 * printed page, the header bold, wrapped and frozen, column widths with wrapping so nothing is
 * clipped, and typed cells: dates and times as Excel dates in a Chinese format, numbers as
 * numbers, rates as numbers formatted as percent. Works for the in-memory workbook and the
 * streaming writer alike (only column, row and sheet properties, no random access).
 */
import type { Alignment, Borders, Fill, Row, Workbook, Worksheet } from 'exceljs';

/** Cell number formats. */
export const FMT = {
  date: 'yyyy"年"m"月"d"日"',
  dateTime: 'yyyy"年"m"月"d"日" hh:mm',
  percent: '0.0%',
  /** Hours and scores: up to two decimals, none when whole. */
  number: '0.##',
  integer: '0',
  text: '@',
} as const;

export type ColumnKind = keyof typeof FMT;

export interface ExportColumn {
  header: string;
  /** Width in characters (a CJK character counts as two). */
  width: number;
  kind?: ColumnKind;
  key?: string;
}

/** A4 portrait prints about this many characters of column width at 100 %. */
const PORTRAIT_WIDTH = 95;

const WRAP: Partial<Alignment> = { wrapText: true, vertical: 'top' };
const TOP: Partial<Alignment> = { vertical: 'top' };
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const THIN = { style: 'thin' as const };
const HEADER_BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Display width of a text: CJK and full-width characters count as two. */
export function textWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

export interface SheetLayout {
  /**
   * The header row range repeated on every printed page and frozen ([1, 1], or [6, 6] under
   * title lines); none for a sheet without a single header (a person's dossier sheet).
   */
  headerRows?: [number, number];
  /** Default: landscape when the columns are wider than a portrait page. */
  landscape?: boolean;
}

/**
 * A sheet of an export with its page setup, column widths and formats: A4, fit to one page
 * wide, header rows repeated and frozen, page numbers in the footer. Page setup and views go in
 * at creation (the streaming writer writes the sheet's head with its first row).
 */
export function addExportSheet(
  wb: Workbook,
  name: string,
  columns: ExportColumn[],
  layout: SheetLayout = {},
): Worksheet {
  // the header must fit on at most two lines
  const widths = columns.map((c) => Math.max(c.width, Math.ceil(textWidth(c.header) / 2) + 1));
  const total = widths.reduce((n, w) => n + w, 0);
  const landscape = layout.landscape ?? total > PORTRAIT_WIDTH;
  const rows = layout.headerRows;
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(rows ? { printTitlesRow: `${rows[0]}:${rows[1]}` } : {}),
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: rows
      ? [{ state: 'frozen', xSplit: 0, ySplit: rows[1], topLeftCell: `A${rows[1] + 1}` }]
      : [],
  });
  ws.columns = columns.map((c, i) => {
    const typed = c.kind !== undefined && c.kind !== 'text';
    return {
      key: c.key,
      width: widths[i],
      style: typed
        ? { numFmt: FMT[c.kind ?? 'text'], alignment: TOP }
        : // text columns (staff numbers such as 00123) stay text when someone types into them
          { ...(c.kind === 'text' ? { numFmt: FMT.text } : {}), alignment: WRAP },
    };
  });
  return ws;
}

/** Header cells: bold, wrapped, centred, shaded and boxed. */
export function styleHeader(row: Row): void {
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
  });
}

/** Wrap text in every cell of a row (rows written by hand, not in a column's format). */
export function wrapRow(row: Row): void {
  row.eachCell((cell) => {
    cell.alignment = { ...cell.alignment, ...WRAP };
  });
}

/** A calendar date (YYYY-MM-DD) as an Excel date: UTC midnight, as exceljs reads them back. */
export function excelDate(date: string | null | undefined): Date | null {
  if (!date) return null;
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/** An instant as an Excel date-time showing the local wall time of `timeZone`. */
export function excelDateTime(at: Date | string | null | undefined, timeZone: string): Date | null {
  if (at === null || at === undefined) return null;
  const d = typeof at === 'string' ? new Date(at) : at;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return new Date(
    Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  );
}

/** A rate as a fraction for a percent cell (0.429 shows 42.9%); null without a denominator. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator ? numerator / denominator : null;
}

/** A percentage (42.9) as a fraction for a percent cell. */
export function percentCell(percent: number | null | undefined): number | null {
  return percent === null || percent === undefined ? null : percent / 100;
}
