import JSZip from 'jszip';
import { checkZip } from './zip-guard';

const LIMITS = { maxUncompressedBytes: 1024 * 1024, maxEntries: 10 };

async function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(entries))
    zip.file(name, text, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Declares `declared` bytes for the first entry in both the local and the central header. */
function understate(zipped: Buffer, declared: number): Buffer {
  const out = Buffer.from(zipped);
  const central = out.indexOf('PK\x01\x02');
  out.writeUInt32LE(declared, central + 24);
  out.writeUInt32LE(declared, out.readUInt32LE(central + 42) + 22);
  return out;
}

describe('checkZip', () => {
  it('lists the entries of a sound zip within the limits', async () => {
    const zip = await zipOf({
      'word/document.xml': '<w:document/>',
      '[Content_Types].xml': '<x/>',
    });
    await expect(checkZip(zip, LIMITS, { inflate: true })).resolves.toMatchObject({
      ok: true,
      names: expect.arrayContaining(['word/document.xml', '[Content_Types].xml']),
    });
  });

  it('refuses from the central directory alone a zip that declares more than the limit', async () => {
    const bomb = await zipOf({ 'word/document.xml': 'x'.repeat(2 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(10_000);
    await expect(checkZip(bomb, LIMITS, { inflate: false })).resolves.toEqual({
      ok: false,
      reason: 'too_large',
      size: 2 * 1024 * 1024,
      limit: LIMITS.maxUncompressedBytes,
    });
  });

  it('catches while inflating an entry that inflates to more than it declares', async () => {
    const liar = understate(await zipOf({ 'word/document.xml': 'x'.repeat(2 * 1024 * 1024) }), 100);
    await expect(checkZip(liar, LIMITS, { inflate: false })).resolves.toMatchObject({ ok: true });
    await expect(checkZip(liar, LIMITS, { inflate: true })).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses too many entries and what is not a zip', async () => {
    const many = await zipOf(
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, ''])),
    );
    await expect(checkZip(many, LIMITS, { inflate: true })).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const junk = Buffer.from('PK\u0003\u0004 not really a zip word/document.xml');
    await expect(checkZip(junk, LIMITS, { inflate: true })).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
