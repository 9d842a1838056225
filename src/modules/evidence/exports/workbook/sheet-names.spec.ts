import { SHEET_NAME_MAX, SheetNames } from './sheet-names';

describe('sheet names Excel accepts', () => {
  it('hands out the name asked for the first time, then numbered repeats (case-insensitive)', () => {
    const names = new SheetNames();
    expect(names.take('汇总')).toBe('汇总');
    expect(names.take('T0001 张三')).toBe('T0001 张三');
    expect(names.take('t0001 张三')).toBe('t0001 张三(2)');
    expect(names.take('T0001 张三')).toBe('T0001 张三(3)');
  });

  it('replaces forbidden characters, trims apostrophes and keeps within 31 characters', () => {
    const names = new SheetNames(['reserved']);
    expect(names.take('a/b\\c:d*e?f[g]h')).toBe('a_b_c_d_e_f_g_h');
    expect(names.take("'引号'")).toBe('引号');
    expect(names.take('   ')).toBe('工作表');
    expect(names.take('Reserved')).toBe('Reserved(2)');
    const long = '很'.repeat(40);
    const first = names.take(long);
    const second = names.take(long);
    expect(Array.from(first)).toHaveLength(SHEET_NAME_MAX);
    expect(Array.from(second)).toHaveLength(SHEET_NAME_MAX);
    expect(second.endsWith('(2)')).toBe(true);
  });
});
