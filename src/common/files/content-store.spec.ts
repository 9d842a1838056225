import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { ContentStore, sniffFile } from './content-store';
import type { StoredFileType } from './content-store';

const CERTIFICATE: StoredFileType[] = ['application/pdf', 'image/jpeg', 'image/png'];
const sniffCertificate = (content: Buffer) => sniffFile(content, CERTIFICATE);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

describe('stored files', () => {
  it.each([
    ['a PDF', PDF, 'application/pdf'],
    ['a PNG', PNG, 'image/png'],
    ['a JPEG', JPEG, 'image/jpeg'],
  ])('recognises %s by its content', (_name, content, type) => {
    expect(sniffCertificate(content)?.type).toBe(type);
  });

  it.each([
    ['a Word document', Buffer.from('PK\u0003\u0004word/document.xml')],
    ['plain text named .pdf', Buffer.from('这不是证书')],
    ['an empty file', Buffer.alloc(0)],
    ['a bare signature', Buffer.from('%PDF-')],
  ])('refuses %s as a certificate', (_name, content) => {
    expect(sniffCertificate(content)).toBeNull();
  });

  it('recognises a Word document only where Word is allowed, and not any zip', () => {
    const docx = Buffer.from('PK\u0003\u0004....word/document.xml....');
    expect(sniffFile(docx, ['docx'])?.extension).toBe('docx');
    expect(sniffFile(Buffer.from('PK\u0003\u0004....xl/workbook.xml'), ['docx'])).toBeNull();
  });

  describe('the store', () => {
    let dir: string;
    let store: ContentStore;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'xuefa-cert-'));
      store = new ContentStore(loadConfig({ UPLOAD_DIR: dir }));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('keeps a file under its SHA-256, once however often it is uploaded', async () => {
      const sha = await store.put('certificates', PDF);
      expect(sha).toBe(createHash('sha256').update(PDF).digest('hex'));
      await expect(store.put('certificates', PDF)).resolves.toBe(sha);
      await expect(readdir(join(dir, 'certificates', sha.slice(0, 2)))).resolves.toEqual([sha]);
      await expect(store.get('certificates', sha)).resolves.toEqual(PDF);
    });

    it('serves nothing for an unknown, malformed or tampered file', async () => {
      const sha = await store.put('certificates', PNG);
      await expect(store.get('certificates', '0'.repeat(64))).resolves.toBeNull();
      await expect(store.get('certificates', '../../etc/passwd')).resolves.toBeNull();
      await writeFile(join(dir, 'certificates', sha.slice(0, 2), sha), JPEG);
      await expect(store.get('certificates', sha)).resolves.toBeNull();
    });

    it('adopts a large file written elsewhere, streams it back, and removes it', async () => {
      const temporary = await store.temporaryPath('exports', 'x');
      await writeFile(temporary, PDF);
      const { sha256, size } = await store.adopt('exports', temporary);
      expect({ sha256, size }).toEqual({
        sha256: createHash('sha256').update(PDF).digest('hex'),
        size: PDF.length,
      });
      await expect(readdir(join(dir, 'exports', '.tmp'))).resolves.toEqual([]);
      const opened = await store.open('exports', sha256);
      const chunks: Buffer[] = [];
      for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks)).toEqual(PDF);
      // a changed file is not served
      await writeFile(join(dir, 'exports', sha256.slice(0, 2), sha256), JPEG);
      await expect(store.open('exports', sha256)).resolves.toBeNull();
      await expect(store.remove('exports', sha256)).resolves.toBe(true);
      await expect(store.remove('exports', sha256)).resolves.toBe(false);
      await expect(store.open('exports', sha256)).resolves.toBeNull();
    });

    it('deletes temporary files older than a moment, and only those', async () => {
      const old = await store.temporaryPath('exports', 'old');
      const fresh = await store.temporaryPath('exports', 'fresh');
      await writeFile(old, 'a');
      await writeFile(fresh, 'b');
      const hourAgo = new Date(Date.now() - 3600_000);
      await utimes(old, hourAgo, hourAgo);
      await expect(
        store.removeStaleTemporaries('exports', new Date(Date.now() - 60_000)),
      ).resolves.toBe(1);
      await expect(readdir(join(dir, 'exports', '.tmp'))).resolves.toEqual([
        fresh.split('/').pop(),
      ]);
      await expect(store.removeStaleTemporaries('nothing-here', new Date())).resolves.toBe(0);
    });
  });
});
