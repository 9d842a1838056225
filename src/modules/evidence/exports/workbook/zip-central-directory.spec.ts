import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import './zip-central-directory';

interface Proto {
  write: (chunk: unknown) => boolean;
  _finish: () => void;
}

/** compress-commons as exceljs loads it. */
function zipOutputPrototype(): Proto {
  const fromExceljs = createRequire(require.resolve('exceljs'));
  const fromArchiver = createRequire(fromExceljs.resolve('archiver'));
  const fromZipStream = createRequire(fromArchiver.resolve('zip-stream'));
  return (fromZipStream('compress-commons') as { ZipArchiveOutputStream: { prototype: Proto } })
    .ZipArchiveOutputStream.prototype;
}

describe('zip central directory', () => {
  const path = join(tmpdir(), `xuefa-zipcd-${randomUUID()}.xlsx`);
  afterAll(() => rmSync(path, { force: true }));

  it('is written one record per write, and the workbook reads back whole', async () => {
    const proto = zipOutputPrototype();
    let finishing = false;
    let writes = 0;
    const realWrite = proto.write;
    proto.write = function (this: Proto, chunk: unknown) {
      if (finishing) writes += 1;
      return realWrite.call(this, chunk);
    };
    const realFinish = proto._finish;
    proto._finish = function (this: Proto) {
      finishing = true;
      try {
        realFinish.call(this);
      } finally {
        finishing = false;
      }
    };
    try {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
      for (let i = 0; i < 300; i += 1) {
        const ws = wb.addWorksheet(`人员${i}`);
        ws.addRow(['姓名', i]).commit();
        ws.commit();
      }
      await wb.commit();
    } finally {
      proto.write = realWrite;
      proto._finish = realFinish;
    }
    // 300 sheets and ~8 fixed parts, one write each, plus the end record's ~10 (was ~20 each)
    expect(writes).toBeGreaterThan(300);
    expect(writes).toBeLessThan(340);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path);
    expect(back.worksheets).toHaveLength(300);
    expect(back.worksheets[299].name).toBe('人员299');
    expect(back.worksheets[299].getRow(1).values).toEqual([undefined, '姓名', 299]);
  });
});
