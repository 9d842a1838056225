import { formatLegalBasis, parseLegalBasis } from './legal-basis';

describe('法律依据 cells', () => {
  it.each([
    ['《信访工作条例》第二十二条', [{ law: '信访工作条例', articles: [22] }]],
    ['《信访工作条例》第二十二条、第二十三条', [{ law: '信访工作条例', articles: [22, 23] }]],
    ['《宪法》第四十一条第一款', [{ law: '宪法', articles: [41] }]],
    [
      '《信访工作条例》第三十一条至第三十四条',
      [{ law: '信访工作条例', articles: [31, 32, 33, 34] }],
    ],
    ['《民法典》第1077条', [{ law: '民法典', articles: [1077] }]],
    ['《民法典》第１０７７条', [{ law: '民法典', articles: [1077] }]],
    [
      '《信访工作条例》第二十二条；《宪法》第四十一条',
      [
        { law: '信访工作条例', articles: [22] },
        { law: '宪法', articles: [41] },
      ],
    ],
    [
      '《信访工作条例》第五条《中华人民共和国宪法》第二条',
      [
        { law: '信访工作条例', articles: [5] },
        { law: '中华人民共和国宪法', articles: [2] },
      ],
    ],
  ])('%s', (text, expected) => {
    expect(parseLegalBasis(text)).toEqual(expected);
  });

  it.each(['', '信访工作条例第二十二条', '《信访工作条例》', '《信访工作条例》第三十条至第二十条'])(
    'refuses %p',
    (text) => {
      expect(parseLegalBasis(text)).toBeNull();
    },
  );

  it('writes what it reads', () => {
    const bases = [
      { law: '信访工作条例', articles: [22, 23] },
      { law: '宪法', articles: [41] },
    ];
    expect(formatLegalBasis(bases)).toBe(
      '《信访工作条例》第二十二条、第二十三条；《宪法》第四十一条',
    );
    expect(parseLegalBasis(formatLegalBasis(bases))).toEqual(bases);
  });
});
