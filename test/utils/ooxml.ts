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
