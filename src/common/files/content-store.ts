import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DOCX } from '../http/download';

export type StoredFileType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'docx';

const SIGNATURES: { type: StoredFileType; mime: string; extension: string; magic: number[] }[] = [
  {
    type: 'application/pdf',
    mime: 'application/pdf',
    extension: 'pdf',
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
  },
  { type: 'image/jpeg', mime: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  {
    type: 'image/png',
    mime: 'image/png',
    extension: 'png',
    magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  },
  // a zip whose entries include the Word document part
  { type: 'docx', mime: DOCX, extension: 'docx', magic: [0x50, 0x4b, 0x03, 0x04] },
];

/**
 * What a file really is, from its bytes (the name and the browser's MIME type are not trusted);
 * null unless it is one of `allowed`.
 */
export function sniffFile(
  content: Buffer,
  allowed: readonly StoredFileType[],
): { type: StoredFileType; mime: string; extension: string } | null {
  const hit = SIGNATURES.find(
    (s) =>
      allowed.includes(s.type) &&
      content.length > s.magic.length &&
      s.magic.every((b, i) => content[i] === b) &&
      (s.type !== 'docx' || content.includes('word/document.xml')),
  );
  return hit ? { type: hit.type, mime: hit.mime, extension: hit.extension } : null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Files on disk under UPLOAD_DIR/<area>/, named by the SHA-256 of their content: the same file
 * uploaded twice is stored once, and a file whose content no longer matches its name is never
 * served.
 */
@Injectable()
export class ContentStore {
  constructor(private readonly config: AppConfig) {}

  /** Stores the content (written to a temporary name, then renamed) and returns its SHA-256. */
  async put(area: string, content: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(area, sha256);
    if (!(await exists(path))) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomUUID()}.part`;
      await writeFile(temporary, content, { flag: 'wx' });
      await rename(temporary, path);
    }
    return sha256;
  }

  /** The stored content, or null when it is missing or does not match its hash. */
  async get(area: string, sha256: string): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null;
    try {
      const content = await readFile(this.pathOf(area, sha256));
      return createHash('sha256').update(content).digest('hex') === sha256 ? content : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /**
   * A fresh path for a large file written elsewhere first (an export being built), on the same
   * file system as the store, so `adopt` can move it in without copying.
   */
  async temporaryPath(area: string, prefix: string): Promise<string> {
    const dir = join(this.config.storage.uploadDir, area, TEMPORARY);
    await mkdir(dir, { recursive: true });
    return join(dir, `${prefix}.${randomUUID()}.part`);
  }

  /** Moves a finished temporary file into the store, hashing it as a stream. */
  async adopt(area: string, temporary: string): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = await sha256OfStream(createReadStream(temporary));
    const path = this.pathOf(area, sha256);
    if (await exists(path)) {
      await unlink(temporary);
    } else {
      await mkdir(dirname(path), { recursive: true });
      await rename(temporary, path);
    }
    return { sha256, size };
  }

  /**
   * A stream of a large stored file, or null when it is missing or no longer matches its hash
   * (checked by reading it once before it is served).
   */
  async open(area: string, sha256: string): Promise<{ stream: ReadStream; size: number } | null> {
    if (!SHA256.test(sha256)) return null;
    const path = this.pathOf(area, sha256);
    try {
      const check = await sha256OfStream(createReadStream(path));
      if (check.sha256 !== sha256) return null;
      return { stream: createReadStream(path), size: check.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** Deletes a stored file (true when there was one). */
  async remove(area: string, sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) return false;
    try {
      await unlink(this.pathOf(area, sha256));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Deletes temporary files older than `before` (left by a process that died mid-write). */
  async removeStaleTemporaries(area: string, before: Date): Promise<number> {
    const dir = join(this.config.storage.uploadDir, area, TEMPORARY);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      try {
        if ((await stat(path)).mtime < before) {
          await unlink(path);
          removed += 1;
        }
      } catch {
        // gone meanwhile
      }
    }
    return removed;
  }

  private pathOf(area: string, sha256: string): string {
    return join(this.config.storage.uploadDir, area, sha256.slice(0, 2), sha256);
  }
}

const TEMPORARY = '.tmp';

/** SHA-256 and length of a stream's bytes, without holding them. */
export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    hash.update(b);
    size += b.length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

@Module({ providers: [ContentStore], exports: [ContentStore] })
export class ContentStoreModule {}
