import ExcelJS from 'exceljs';
import {
  addExportSheet,
  excelDate,
  excelDateTime,
  percentCell,
  ratio,
  textWidth,
} from './export-sheet';

describe('export sheets', () => {
  it.each([
    ['工号', 4],
    ['得分率(%)', 9],
    ['通过率（按参考人数）', 20],
    ['ABC', 3],
  ])('measures %s as %i characters wide', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });

  it('writes a day as UTC midnight and an instant as its Shanghai wall time', () => {
    expect(excelDate('2026-03-05')?.toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(excelDate(null)).toBeNull();
    expect(excelDateTime('2026-11-20T02:30:15Z', 'Asia/Shanghai')?.toISOString()).toBe(
      '2026-11-20T10:30:15.000Z',
    );
    expect(excelDateTime('2026-12-31T16:00:00Z', 'Asia/Shanghai')?.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(excelDateTime(null, 'Asia/Shanghai')).toBeNull();
  });

  it('turns rates and percentages into fractions, none without a denominator', () => {
    expect(ratio(3, 6)).toBe(0.5);
    expect(ratio(0, 0)).toBeNull();
    expect(percentCell(42.9)).toBeCloseTo(0.429);
    expect(percentCell(null)).toBeNull();
  });

  it('sets up A4, one page wide, landscape when wide, headers repeated and frozen', () => {
    const wb = new ExcelJS.Workbook();
    const narrow = addExportSheet(wb, 'a', [{ header: '工号', width: 10 }], { headerRows: [1, 1] });
    expect(narrow.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    });
    expect(narrow.views).toEqual([
      expect.objectContaining({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }),
    ]);
    const wide = addExportSheet(
      wb,
      'b',
      Array.from({ length: 12 }, () => ({ header: '通过率（按参考人数）', width: 6 })),
    );
    expect(wide.pageSetup.orientation).toBe('landscape');
    expect(wide.pageSetup.printTitlesRow).toBeUndefined();
    // a column is never narrower than half its header: it wraps onto two lines at most
    expect(wide.getColumn(1).width).toBe(11);
  });
});
