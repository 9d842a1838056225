import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { fixtureDocx } from './law-fixtures';

/** The last row of a sheet in .xlsx (Excel 2007 and later, and LibreOffice). */
export const LAST_ROW = 1048576;

type Cell = string | number | Date | null;

/** A workbook with one sheet, as exceljs writes it. */
export async function workbookOf(sheet: string, rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet(sheet);
  rows.forEach((r) => s.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rewrites the XML of the first sheet of a workbook. */
export async function patchSheetXml(xlsx: Buffer, patch: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const path = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(path)?.async('string');
  if (xml === undefined) throw new Error(`no ${path}`);
  zip.file(path, patch(xml));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * What LibreOffice Calc saves after a row was deleted: the sheet declares A1:H1048576 and ends
 * with an empty row 1048576 (exceljs then reports rowCount = 1048576).
 */
export async function libreOfficeWorkbook(sheet: string, rows: Cell[][]): Promise<Buffer> {
  return patchSheetXml(await workbookOf(sheet, rows), (xml) =>
    xml
      .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:H${LAST_ROW}"/>`)
      .replace(
        '</sheetData>',
        `<row r="${LAST_ROW}" s="0" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"/></sheetData>`,
      ),
  );
}

/**
 * A sheet of `rows` rows of eight small numbers after `header`: a few MB zipped and unzipped,
 * but millions of cell objects once exceljs has read it.
 */
export async function denseWorkbook(
  sheet: string,
  header: string[],
  rows: number,
): Promise<Buffer> {
  const cols = 'ABCDEFGH';
  const body: string[] = [];
  for (let r = 2; r <= rows + 1; r++) {
    body.push(
      `<row r="${r}">${[...cols].map((c, i) => `<c r="${c}${r}"><v>${i + 1}</v></c>`).join('')}</row>`,
    );
  }
  return patchSheetXml(await workbookOf(sheet, [header]), (xml) =>
    xml
      .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:H${rows + 1}"/>`)
      .replace('</sheetData>', `${body.join('')}</sheetData>`),
  );
}

/**
 * The Word fixture law with its `word/document.xml` grown to `bytes` of paragraphs of the same
 * text: a zip bomb of highly compressible XML (166 MB zips to well under 1 MB).
 */
export async function docxBomb(bytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await fixtureDocx());
  const para =
    '<w:p><w:r><w:t>第一条　为了规范信访工作，保障信访人的合法权益，制定本办法。</w:t></w:r></w:p>';
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const tail = '</w:body></w:document>';
  const n = Math.ceil((bytes - head.length - tail.length) / Buffer.byteLength(para));
  zip.file('word/document.xml', head + para.repeat(n) + tail);
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
}

/**
 * A zip whose central directory and local header declare `declared` bytes for `entry` while
 * its data inflates to more: a bomb that lies about its size.
 */
export async function lyingZip(zipped: Buffer, entry: string, declared: number): Promise<Buffer> {
  const out = Buffer.from(zipped);
  const name = Buffer.from(entry, 'utf8');
  for (let at = out.indexOf('PK\x01\x02'); at >= 0; at = out.indexOf('PK\x01\x02', at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (!out.subarray(at + 46, at + 46 + nameLength).equals(name)) continue;
    out.writeUInt32LE(declared, at + 24);
    const local = out.readUInt32LE(at + 42);
    out.writeUInt32LE(declared, local + 22);
    return out;
  }
  throw new Error(`no ${entry} in the zip`);
}
