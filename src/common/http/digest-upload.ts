import { createHash } from 'node:crypto';
import type { MultipartStorageEngine, UploadedMultipartFile } from '@nestjs/platform-fastify';

/** How many leading bytes of a digested upload are kept (enough for any file signature). */
const HEAD_BYTES = 16;

/** An upload that was hashed on the way in and not kept. */
export interface DigestedFile extends UploadedMultipartFile {
  sha256: string;
  /** The first bytes, to tell what kind of file it is. */
  head: Buffer;
}

/**
 * A storage engine (multer's contract) that keeps nothing: it hashes the upload (SHA-256) as it streams past and
 * remembers its size and first bytes, so a file is checked without ever being held in memory.
 * The size limit is the route's (or the UploadModule's UPLOAD_LIMIT_BYTES).
 */
export function digestStorage(): MultipartStorageEngine {
  return {
    _handleFile(_req, file, callback) {
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      file.stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < HEAD_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        }
      });
      file.stream.once('error', (err) => callback(err));
      file.stream.once('end', () => {
        const info: Partial<DigestedFile> = { size, sha256: hash.digest('hex'), head };
        callback(null, info);
      });
    },
    _removeFile(_req, _file, callback) {
      callback(null);
    },
  };
}
