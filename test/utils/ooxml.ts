import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';

/** The parts of an Office Open XML file (docx, xlsx) parsed as XML documents. */
export async function ooxmlParts(file: Buffer): Promise<{
  names: string[];
  xml: (name: string) => Promise<Document>;
}> {
  const zip = await JSZip.loadAsync(file);
  return {
    names: Object.keys(zip.files),
    xml: async (name: string) => {
      const part = zip.file(name);
      if (!part) throw new Error(`no part ${name}`);
      return new DOMParser().parseFromString(await part.async('string'), 'text/xml');
    },
  };
}

/** Elements by qualified name (w:rFonts, pageSetup …) anywhere below a node. */
export function all(node: Document | Element, name: string): Element[] {
  return Array.from(node.getElementsByTagName(name));
}

export function one(node: Document | Element, name: string): Element {
  const found = all(node, name);
  if (found.length === 0) throw new Error(`no <${name}>`);
  return found[0];
}

/** Text of every w:t (or t) below a node, joined. */
export function textOf(node: Element, tag = 'w:t'): string {
  return all(node, tag)
    .map((t) => t.textContent ?? '')
    .join('');
}

/** How one sheet of an .xlsx prints, read from the sheet and workbook XML. */
export interface SheetPrint {
  name: string;
  paperSize: string | null;
  orientation: string | null;
  fitToPage: boolean;
  fitToWidth: string | null;
  fitToHeight: string | null;
  /** The rows repeated on every printed page ('$1:$1'), from the workbook's defined names. */
  printTitles: string | null;
  /** Frozen rows at the top (pane ySplit), null when nothing is frozen. */
  frozenRows: number | null;
  /** Column widths in characters, in order. */
  widths: number[];
}

export async function xlsxPrint(file: Buffer): Promise<SheetPrint[]> {
  const parts = await ooxmlParts(file);
  const book = await parts.xml('xl/workbook.xml');
  const rels = await parts.xml('xl/_rels/workbook.xml.rels');
  const target = new Map(
    all(rels, 'Relationship').map((r) => [r.getAttribute('Id'), r.getAttribute('Target') ?? '']),
  );
  const titles = new Map(
    all(book, 'definedName')
      .filter((d) => d.getAttribute('name') === '_xlnm.Print_Titles')
      .map((d) => [Number(d.getAttribute('localSheetId')), d.textContent ?? '']),
  );
  const out: SheetPrint[] = [];
  const sheets = all(book, 'sheet');
  for (const [i, sheet] of sheets.entries()) {
    const path = (target.get(sheet.getAttribute('r:id')) ?? '').replace(/^\/?(xl\/)?/, 'xl/');
    const ws = await parts.xml(path);
    const setup = all(ws, 'pageSetup')[0];
    const pane = all(ws, 'pane')[0];
    const title = titles.get(i) ?? null;
    out.push({
      name: sheet.getAttribute('name') ?? '',
      paperSize: setup?.getAttribute('paperSize') ?? null,
      orientation: setup?.getAttribute('orientation') ?? null,
      fitToPage: all(ws, 'pageSetUpPr').some((p) => p.getAttribute('fitToPage') === '1'),
      fitToWidth: setup?.getAttribute('fitToWidth') ?? null,
      fitToHeight: setup?.getAttribute('fitToHeight') ?? null,
      printTitles: title ? title.replace(/^.*!/, '') : null,
      frozenRows:
        pane && pane.getAttribute('state') === 'frozen'
          ? Number(pane.getAttribute('ySplit'))
          : null,
      widths: all(ws, 'col').map((c) => Number(c.getAttribute('width'))),
    });
  }
  return out;
}

/** Every sheet A4, one page wide (any number of pages tall). */
export function expectA4OnePageWide(sheets: SheetPrint[]): void {
  for (const s of sheets) {
    expect({ sheet: s.name, paper: s.paperSize, fit: s.fitToPage, wide: s.fitToWidth }).toEqual({
      sheet: s.name,
      paper: '9',
      fit: true,
      wide: '1',
    });
    expect(s.fitToHeight).toBe('0');
  }
}
