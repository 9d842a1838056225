import { cellText } from '../../common/excel/cells';
import { INVALID, parseAccountState, parseDateCell, parseYesNo } from './roster-excel';

describe('roster cell parsing', () => {
  it.each([
    [new Date(Date.UTC(2020, 2, 1)), '2020-03-01'],
    ['2020-03-01', '2020-03-01'],
    ['2020/3/1', '2020-03-01'],
    ['2020.03.01', '2020-03-01'],
    ['2020年3月1日', '2020-03-01'],
    [43891, '2020-03-01'],
    ['', null],
    [null, null],
    ['2020-02-30', INVALID],
    ['2020-13-01', INVALID],
    ['01/03/2020', INVALID],
    ['明年', INVALID],
    [-5, INVALID],
  ])('date %p → %p', (value, expected) => {
    expect(parseDateCell(value as never)).toBe(expected);
  });

  it.each([
    ['是', true],
    ['否', false],
    ['中共党员', true],
    ['', null],
    ['也许', INVALID],
  ])('party member %p → %p', (value, expected) => {
    expect(parseYesNo(value)).toBe(expected);
  });

  it.each([
    ['启用', true],
    ['停用', false],
    ['', null],
    ['冻结', INVALID],
  ])('account state %p → %p', (value, expected) => {
    expect(parseAccountState(value)).toBe(expected);
  });

  it('reads rich text, hyperlinks and formula results as text', () => {
    expect(cellText({ richText: [{ text: '张' }, { text: '三 ' }] })).toBe('张三');
    expect(cellText({ text: 'XF001', hyperlink: 'mailto:x' })).toBe('XF001');
    expect(cellText({ formula: 'A1', result: 'R' })).toBe('R');
    expect(cellText(12)).toBe('12');
  });
});
