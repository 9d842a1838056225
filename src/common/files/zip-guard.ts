import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';

/** What a checked zip (an .xlsx or .docx) may hold. */
export interface ZipLimits {
  /** The sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Entries in the central directory (an .xlsx or .docx has a few dozen). */
  maxEntries: number;
}

export type ZipCheck =
  | { ok: true; names: string[]; uncompressedBytes: number }
  | { ok: false; reason: 'too_large'; size: number; limit: number }
  | { ok: false; reason: 'invalid'; detail: string };

/**
 * Checks a zip before anything parses it. First the central directory: the entry count and the
 * sum of the declared uncompressed sizes (a zip bomb declares its size honestly here, or lies and
 * is caught next). Then, with `inflate`, every entry is inflated as a stream and thrown away,
 * so nothing larger than a chunk is held: yauzl's `validateEntrySizes` fails an entry that
 * inflates to more (or less) than it declared, so what a parser later inflates from the same
 * bytes is known to fit the limit.
 *
 * yauzl (rather than JSZip, unzipper or fflate): it reads the central directory without
 * inflating anything, validates its structure (offsets, zip64, name encodings), inflates lazily
 * one entry at a time, and checks the declared sizes while inflating.
 */
export async function checkZip(
  content: Buffer,
  limits: ZipLimits,
  options: { inflate: boolean },
): Promise<ZipCheck> {
  let zip: ZipFile;
  try {
    zip = await open(content);
  } catch (e) {
    return { ok: false, reason: 'invalid', detail: (e as Error).message };
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return { ok: false, reason: 'invalid', detail: `too many entries (${zip.entryCount})` };
    }
    const entries: Entry[] = [];
    let declared = 0;
    for (let entry = await next(zip); entry; entry = await next(zip)) {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) {
        // the directory is not read to its end: the file holds at least this much
        return {
          ok: false,
          reason: 'too_large',
          size: declared,
          limit: limits.maxUncompressedBytes,
        };
      }
      entries.push(entry);
    }
    if (options.inflate) {
      for (const entry of entries) {
        if (entry.fileName.endsWith('/')) continue;
        await drain(zip, entry);
      }
    }
    return { ok: true, names: entries.map((e) => e.fileName), uncompressedBytes: declared };
  } catch (e) {
    return { ok: false, reason: 'invalid', detail: (e as Error).message };
  } finally {
    zip.close();
  }
}

/** A human-sized byte count (中文 UI: "166.0 MB"). */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function open(content: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      content,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );
}

/** The next central-directory entry, or null at the end. */
function next(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Inflates one entry, keeping nothing; rejects when it does not inflate to its declared size. */
async function drain(zip: ZipFile, entry: Entry): Promise<void> {
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream) void chunk;
}
