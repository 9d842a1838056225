import type { CellValue } from 'exceljs';
import { cellText } from '../excel/cells';
import type { ZipLimits } from './zip-guard';
import { checkZip } from './zip-guard';

/** A parse handed to the child process (see DocumentParser). */
export type ParseRequest =
  | {
      kind: 'workbook';
      content: Uint8Array;
      zip: ZipLimits;
      /** The sheet to read; the first sheet when there is none of this name. */
      sheet: string;
      /** Header names whose cells make a row count (all header columns when absent). */
      columns?: string[];
      maxRows: number;
    }
  | { kind: 'word-text'; content: Uint8Array; zip: ZipLimits; maxTextBytes: number };

/** The rows of one sheet that hold something, as exceljs reads their cells. */
export interface WorkbookRows {
  /** Header (row 1) text without `*` and spaces → column number. */
  header: Record<string, number>;
  /** Rows after the header with a value in a counted column, in order. */
  rows: { row: number; values: CellValue[] }[];
}

export type ParseFailure =
  | { reason: 'too_large'; size: number; limit: number }
  | { reason: 'invalid'; detail: string }
  | { reason: 'no_sheet' }
  | { reason: 'too_many_rows'; rows: number; max: number }
  | { reason: 'text_too_long'; size: number; limit: number };

export type ParseOutcome =
  | { ok: true; workbook: WorkbookRows }
  | { ok: true; text: string }
  | { ok: false; failure: ParseFailure };

/** Runs one parse; in the child process, but plain code (no process assumptions). */
export async function runParse(request: ParseRequest): Promise<ParseOutcome> {
  const content = Buffer.from(
    request.content.buffer,
    request.content.byteOffset,
    request.content.byteLength,
  );
  const zip = await checkZip(content, request.zip, { inflate: true });
  if (!zip.ok) {
    return {
      ok: false,
      failure:
        zip.reason === 'too_large'
          ? { reason: 'too_large', size: zip.size, limit: zip.limit }
          : { reason: 'invalid', detail: zip.detail },
    };
  }
  const required = request.kind === 'workbook' ? 'xl/workbook.xml' : 'word/document.xml';
  if (!zip.names.includes(required)) {
    return { ok: false, failure: { reason: 'invalid', detail: `no ${required}` } };
  }
  return request.kind === 'workbook'
    ? readWorkbook(content, request)
    : readWordText(content, request.maxTextBytes);
}

async function readWorkbook(
  content: Buffer,
  request: Extract<ParseRequest, { kind: 'workbook' }>,
): Promise<ParseOutcome> {
  // loaded here, not at the top: each parse is a fresh process that needs only one of the two
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch (e) {
    return { ok: false, failure: { reason: 'invalid', detail: (e as Error).message } };
  }
  const sheet = wb.getWorksheet(request.sheet) ?? wb.worksheets[0];
  if (!sheet) return { ok: false, failure: { reason: 'no_sheet' } };
  const header: Record<string, number> = {};
  sheet.getRow(1).eachCell((cell, col) => {
    header[cellText(cell.value).replace(/[*＊\s]/g, '')] = col;
  });
  const counted = (request.columns ?? Object.keys(header))
    .map((c) => header[c])
    .filter((c): c is number => c !== undefined);
  // eachRow visits only the rows the file has: a sheet saved by LibreOffice after a row was
  // deleted declares A1:H1048576 and carries an empty row 1048576, and exceljs then reports
  // rowCount = 1048576. Counting goes on past the limit (cheap) so the error tells how many.
  const rows: WorkbookRows['rows'] = [];
  let count = 0;
  sheet.eachRow((row, r) => {
    if (r === 1) return;
    const values = row.values as CellValue[];
    if (!counted.some((c) => cellText(values[c]) !== '')) return;
    count += 1;
    if (count <= request.maxRows) rows.push({ row: r, values });
  });
  if (count > request.maxRows) {
    return { ok: false, failure: { reason: 'too_many_rows', rows: count, max: request.maxRows } };
  }
  return { ok: true, workbook: { header, rows } };
}

async function readWordText(content: Buffer, maxTextBytes: number): Promise<ParseOutcome> {
  const { default: mammoth } = await import('mammoth');
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: content })).value;
  } catch (e) {
    return { ok: false, failure: { reason: 'invalid', detail: (e as Error).message } };
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxTextBytes) {
    return { ok: false, failure: { reason: 'text_too_long', size, limit: maxTextBytes } };
  }
  return { ok: true, text };
}
