import { DEFAULT_FLAG_RULES, DEFAULT_FLAG_RULES_SOURCE, parseFlagRules } from './evidence-rules';

describe('the evidence flag rule language', () => {
  it('reads one predicate or several, with and without arguments', () => {
    expect(
      parseFlagRules([
        { code: 'A', when: 'official_failed', text: ' 当年不得评为先进 ' },
        { code: 'B_2', when: ['missed_sessions:2', 'makeup_study_open'], text: '缺席且未补学' },
        { code: 'C', when: 'hours_below:40.5', text: '学时不足' },
      ]),
    ).toEqual([
      { code: 'A', text: '当年不得评为先进', when: [{ predicate: 'official_failed', n: null }] },
      {
        code: 'B_2',
        text: '缺席且未补学',
        when: [
          { predicate: 'missed_sessions', n: 2 },
          { predicate: 'makeup_study_open', n: 1 },
        ],
      },
      { code: 'C', text: '学时不足', when: [{ predicate: 'hours_below', n: 40.5 }] },
    ]);
  });

  it('has a built-in list that parses to itself', () => {
    expect(DEFAULT_FLAG_RULES.map((r) => r.code)).toEqual(
      DEFAULT_FLAG_RULES_SOURCE.map((r) => r.code),
    );
    expect(DEFAULT_FLAG_RULES[0]).toMatchObject({
      code: 'OFFICIAL_NOT_PASSED',
      when: [{ predicate: 'official_not_passed', n: null }],
    });
    expect(DEFAULT_FLAG_RULES[0].text).toContain('当年不得评为先进');
  });

  it.each([
    [{}, /must be a JSON array/],
    [[42], /rule 1 must be an object/],
    [[{ code: 'A', when: 'exempted', text: 't', extra: 1 }], /rule 1 has unknown key "extra"/],
    [[{ code: 'lower', when: 'exempted', text: 't' }], /rule 1: code must be/],
    [
      [
        { code: 'A', when: 'exempted', text: 't' },
        { code: 'A', when: 'exempted', text: 't' },
      ],
      /rule 2 \(A\): code is used twice/,
    ],
    [[{ code: 'A', when: 'exempted', text: '  ' }], /text must be 1-200 characters/],
    [[{ code: 'A', when: [], text: 't' }], /when must be a predicate or a non-empty array/],
    [[{ code: 'A', when: [1], text: 't' }], /when must be a predicate/],
    [
      [{ code: 'A', when: 'failed_everything', text: 't' }],
      /unknown predicate "failed_everything"/,
    ],
    // not fooled by what every object has
    [[{ code: 'A', when: 'toString', text: 't' }], /unknown predicate "toString"/],
    [[{ code: 'A', when: 'exempted:1', text: 't' }], /exempted takes no argument/],
    [[{ code: 'A', when: 'missed_sessions:0', text: 't' }], /whole number from 1 to 1000/],
    [[{ code: 'A', when: 'missed_sessions:two', text: 't' }], /whole number from 1 to 1000/],
    [[{ code: 'A', when: 'hours_below', text: 't' }], /needs hours above 0/],
    [[{ code: 'A', when: 'hours_below:0', text: 't' }], /needs hours above 0/],
    [[{ code: 'A', when: 'missed_sessions:1:2', text: 't' }], /more than one argument/],
    [[{ code: 'A', when: 'bad\nname', text: 't' }], /unknown predicate "bad\\nname"/],
  ])('refuses %j with one line saying what is wrong', (value, message) => {
    let error: unknown;
    try {
      parseFlagRules(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
