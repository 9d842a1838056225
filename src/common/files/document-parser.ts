import { extname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { Injectable, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import type { AppError } from '../errors';
import { CommonErrors } from '../errors';
import type { CellValue } from 'exceljs';
import type { ParseOutcome, ParseRequest, WorkbookRows } from './parse-jobs';
import { checkZip, formatBytes } from './zip-guard';

export type { WorkbookRows } from './parse-jobs';

/**
 * Rows a caller validates between two turns of the event loop: thousands of rows checked in one
 * go would hold up every other request (answer saves) for as long.
 */
export const YIELD_EVERY_ROWS = 250;

/** Lets the event loop serve what is waiting (I/O first), then carries on. */
export const yieldToEventLoop = (): Promise<void> => setImmediatePromise();

/** How a caller words the failures that belong to its own module. */
export interface WorkbookErrors {
  /** Not a readable .xlsx, or no sheet in it. */
  invalid: (reason: string) => AppError;
  tooManyRows: (rows: number, max: number) => AppError;
}

/**
 * Parses uploaded workbooks (exceljs) and Word files (mammoth) in child processes, one per
 * parse, at most PARSE_WORKERS at once. The zip's central directory is checked against
 * UPLOAD_MAX_UNCOMPRESSED_BYTES and every entry inflated (as a stream) before a parser sees the
 * file. The child has a heap of PARSE_WORKER_MEMORY_MB and PARSE_TIMEOUT_SECONDS: a file that
 * needs more ends the child, not this process (422), and the event loop that serves answer
 * saves never runs the parse.
 */
@Injectable()
export class DocumentParser {
  private readonly logger = new Logger(DocumentParser.name);
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly config: AppConfig) {}

  /** The rows of `sheet` (or the first sheet) that hold something in the counted columns. */
  async workbook(
    content: Buffer,
    options: { sheet: string; columns?: string[]; maxRows: number; errors: WorkbookErrors },
  ): Promise<WorkbookRows> {
    const other = otherSpreadsheet(content);
    if (other) throw options.errors.invalid(other);
    const outcome = await this.run({
      kind: 'workbook',
      content,
      zip: this.config.parsing.zip,
      sheet: options.sheet,
      columns: options.columns,
      maxRows: options.maxRows,
    });
    if (outcome.ok) {
      if ('workbook' in outcome) return reviveDates(outcome.workbook);
      throw new Error('workbook parse answered with text');
    }
    const f = outcome.failure;
    switch (f.reason) {
      case 'too_large':
        throw tooLarge(f.size, f.limit);
      case 'too_many_rows':
        throw options.errors.tooManyRows(f.rows, f.max);
      case 'no_sheet':
        throw options.errors.invalid('文件中没有工作表');
      case 'invalid':
      case 'text_too_long':
        throw options.errors.invalid('不是有效的 Excel（.xlsx）文件');
    }
  }

  /**
   * The raw text of a .docx. `invalid` words an unreadable file, `tooLong` a text over
   * LAW_TEXT_MAX_BYTES (413).
   */
  async wordText(
    content: Buffer,
    errors: {
      invalid: (reason: string) => AppError;
      tooLong: (size: string, limit: string) => AppError;
    },
  ): Promise<string> {
    const outcome = await this.run({
      kind: 'word-text',
      content,
      zip: this.config.parsing.wordZip,
      maxTextBytes: this.config.parsing.lawTextMaxBytes,
    });
    if (outcome.ok) {
      if ('text' in outcome) return outcome.text;
      throw new Error('word parse answered with a workbook');
    }
    const f = outcome.failure;
    switch (f.reason) {
      case 'too_large':
        throw tooLarge(f.size, f.limit);
      case 'text_too_long':
        throw errors.tooLong(formatBytes(f.size), formatBytes(f.limit));
      case 'invalid':
      case 'no_sheet':
      case 'too_many_rows':
        throw errors.invalid('不是有效的 Word（.docx）文件');
    }
  }

  /**
   * Checks a zip kept as is rather than parsed here (a Word attachment): sound, holding
   * `required`, within UPLOAD_MAX_UNCOMPRESSED_BYTES (413). Inflates as streams on the thread
   * pool, one chunk at a time; `invalid` words a file that fails.
   */
  async checkKeptZip(content: Buffer, required: string, invalid: () => AppError): Promise<void> {
    const check = await checkZip(content, this.config.parsing.zip, { inflate: true });
    if (!check.ok)
      throw check.reason === 'too_large' ? tooLarge(check.size, check.limit) : invalid();
    if (!check.names.includes(required)) throw invalid();
  }

  private async run(request: ParseRequest): Promise<ParseOutcome> {
    await this.acquire();
    try {
      return await this.inChild(request);
    } finally {
      this.release();
    }
  }

  private inChild(request: ParseRequest): Promise<ParseOutcome> {
    const { workerMemoryMb, timeoutMs } = this.config.parsing;
    const child = startChild(workerMemoryMb);
    // what the child says on stderr (V8's out-of-memory report), the first line for the log
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    const said = () => {
      const line = stderr.split('\n').find((l) => /error/i.test(l)) ?? '';
      return line ? `: ${line.trim().slice(0, 200)}` : '';
    };
    return new Promise<ParseOutcome>((resolve, reject) => {
      let ready = false;
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () =>
          settle(() => {
            this.logger.warn(`${request.kind} parse stopped after ${timeoutMs} ms`);
            reject(CommonErrors.FILE_TOO_COMPLEX());
          }),
        timeoutMs,
      );
      child.on('message', (message: 'ready' | ParseOutcome) => {
        if (message === 'ready') {
          ready = true;
          child.send(request);
        } else settle(() => resolve(message));
      });
      child.once('error', (err) => settle(() => reject(err)));
      child.once('exit', (code, signal) =>
        settle(() => {
          // out of heap (V8 aborts), or killed: the file asked for more than it may have
          if (ready) {
            this.logger.warn(
              `${request.kind} parse ended (${signal ?? `exit ${code}`}; heap ${workerMemoryMb} MB)${said()}`,
            );
            reject(CommonErrors.FILE_TOO_COMPLEX());
          } else {
            reject(
              new Error(`parse process exited (${signal ?? code}) before it started${said()}`),
            );
          }
        }),
      );
    });
  }

  private async acquire(): Promise<void> {
    if (this.running < this.config.parsing.workers) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

/** Niceness of a parse child (the API keeps its own, 0 by default). */
const PARSE_NICENESS = 10;

/**
 * The child entry beside this file: compiled JavaScript under dist/, TypeScript when the app runs
 * from src/ (Jest, `node -r @swc-node/register`), where the child registers SWC first. A child
 * process, not a worker thread: a worker thread that reaches its heap limit during a large
 * allocation can abort the whole process (seen with exceljs), a child only ends itself.
 */
function startChild(memoryMb: number): ChildProcess {
  const ext = extname(__filename);
  const child = fork(join(__dirname, `parse-child${ext}`), [], {
    execArgv: [
      `--max-old-space-size=${memoryMb}`,
      ...(ext === '.ts' ? ['-r', '@swc-node/register'] : []),
    ],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // on a busy machine the CPU goes to the API (answer saves) first, then to the parse
  try {
    if (child.pid !== undefined) setPriority(child.pid, PARSE_NICENESS);
  } catch {
    // not allowed here: the parse runs at the API's priority
  }
  return child;
}

/**
 * Dates come back from the thread as Dates of the main realm; code running in another realm
 * (Jest's test context) would not see them as `instanceof Date`, so they are made anew here.
 */
function reviveDates(book: WorkbookRows): WorkbookRows {
  const revive = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Object.prototype.toString.call(v) === '[object Date]') {
      return new Date((v as Date).getTime());
    }
    if ('result' in v) return { ...v, result: revive(v.result) };
    return v;
  };
  for (const r of book.rows) r.values = r.values.map((v) => revive(v) as CellValue);
  return book;
}

const SAVE_AS_XLSX = '请在 WPS、Excel 或 LibreOffice 中「另存为」Excel 工作簿（.xlsx）后再上传';

/**
 * Why a spreadsheet that is not .xlsx is refused, told by its first bytes: an OpenDocument file
 * (.ods, a zip whose first entry is the stored `mimetype`) or a legacy .xls (an OLE compound file).
 */
export function otherSpreadsheet(content: Buffer): string | null {
  const head = content.subarray(0, 120).toString('latin1');
  if (head.startsWith('PK\x03\x04') && head.slice(30, 38) === 'mimetype') {
    if (head.includes('application/vnd.oasis.opendocument')) {
      return `仅支持 .xlsx 格式的 Excel 文件，不支持 OpenDocument（.ods）表格，${SAVE_AS_XLSX}`;
    }
  }
  if (content.subarray(0, 8).equals(OLE_MAGIC)) {
    return `仅支持 .xlsx 格式的 Excel 文件，不支持旧版 Excel 97-2003（.xls）文件，${SAVE_AS_XLSX}`;
  }
  return null;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function tooLarge(size: number, limit: number): AppError {
  return CommonErrors.FILE_UNCOMPRESSED_TOO_LARGE({
    size: formatBytes(size),
    limit: formatBytes(limit),
  });
}

@Module({ providers: [DocumentParser], exports: [DocumentParser] })
export class DocumentParserModule {}
