import { createRequire } from 'node:module';

interface ZipOutput {
  write: (this: ZipOutput, chunk: Buffer | string) => boolean;
  _writeCentralFileHeader: (this: ZipOutput, entry: unknown) => void;
}

/**
 * Writes each zip central-directory record as one buffer instead of ~20 (compress-commons 4,
 * under exceljs's streaming writer through archiver and zip-stream). Finishing a workbook with a
 * sheet per person otherwise makes ~200,000 tiny buffered writes for 10,000 people in one tick:
 * ~90 MiB of memory for a ~1 MiB directory. The bytes are the same: the original method runs
 * with `write` collecting its chunks, which are then written at once (the stream counts offsets
 * by the bytes written, not by the calls). Applied once, on import.
 */
function coalesceCentralDirectoryWrites(): void {
  // the copy exceljs uses: resolved from exceljs's own dependencies
  const fromExceljs = createRequire(require.resolve('exceljs'));
  const fromArchiver = createRequire(fromExceljs.resolve('archiver'));
  const fromZipStream = createRequire(fromArchiver.resolve('zip-stream'));
  const { ZipArchiveOutputStream } = fromZipStream('compress-commons') as {
    ZipArchiveOutputStream: { prototype: ZipOutput & { __xuefaCoalesced?: boolean } };
  };
  const proto = ZipArchiveOutputStream.prototype;
  if (proto.__xuefaCoalesced) return;
  const original = proto._writeCentralFileHeader;
  proto._writeCentralFileHeader = function (this: ZipOutput, entry: unknown): void {
    const chunks: Buffer[] = [];
    const write = this.write;
    this.write = (chunk: Buffer | string): boolean => {
      // names come as strings (the stream would encode them as UTF-8 too)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      return true;
    };
    try {
      original.call(this, entry);
    } finally {
      this.write = write;
    }
    this.write(Buffer.concat(chunks));
  };
  proto.__xuefaCoalesced = true;
}

coalesceCentralDirectoryWrites();
