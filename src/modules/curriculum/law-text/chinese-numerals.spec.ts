import { chineseToInt, intToChinese } from './chinese-numerals';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['二十二', 22],
    ['一百', 100],
    ['一百零三', 103],
    ['一百一十三', 113],
    ['一百四十三', 143],
    ['九百九十九', 999],
    ['一千', 1000],
    ['一千零七十七', 1077],
    ['一千二百六十', 1260],
    ['一千零一', 1001],
    ['两千', 2000],
    ['一万', 10000],
    ['一万零一', 10001],
    ['十万', 100000],
    ['一百二十三万四千五百六十七', 1234567],
    ['三亿零五万', 300050000],
    ['二〇二二', 2022],
    ['〇', 0],
  ])('%s → %d', (text, n) => {
    expect(chineseToInt(text)).toBe(n);
  });

  it.each(['', '十十', '百', '三十二五', '一百百', '万', 'abc', '第一'])('refuses %p', (text) => {
    expect(chineseToInt(text)).toBeNull();
  });

  it('round-trips every article number up to 9999', () => {
    for (let n = 1; n <= 9999; n++) expect(chineseToInt(intToChinese(n))).toBe(n);
    expect(intToChinese(1077)).toBe('一千零七十七');
    expect(intToChinese(10)).toBe('十');
    expect(intToChinese(110)).toBe('一百一十');
    expect(intToChinese(1260)).toBe('一千二百六十');
  });
});
