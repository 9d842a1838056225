import { generateTemporaryPassword, passwordPolicyViolations } from './password-policy';

const policy = { minLength: 8, minClasses: 3 };

describe('password policy (等保二级 defaults)', () => {
  it.each([
    ['Abcdef12', []],
    ['abcdef1!', []],
    ['学法考法-2026a', []],
    ['Ab1!', ['长度至少 8 个字符']],
    ['abcdefgh', ['需包含大写字母、小写字母、数字、其他字符中的至少 3 类']],
    ['abcdefg1', ['需包含大写字母、小写字母、数字、其他字符中的至少 3 类']],
    ['XF0042ab!', ['不能包含工号']],
    ['x'.repeat(129) + 'A1', ['长度不能超过 128 个字符']],
  ])('%s → %j', (password, expected) => {
    expect(passwordPolicyViolations(password, policy, 'xf0042')).toEqual(expected);
  });

  it('counts Chinese characters as one character each and as the "other" class', () => {
    expect(passwordPolicyViolations('学法考法学法考法', { minLength: 8, minClasses: 1 })).toEqual(
      [],
    );
    expect(passwordPolicyViolations('学法考法学法考', { minLength: 8, minClasses: 1 })).toEqual([
      '长度至少 8 个字符',
    ]);
  });

  it('follows a configured policy', () => {
    expect(passwordPolicyViolations('abcdefghij', { minLength: 10, minClasses: 1 })).toEqual([]);
    expect(passwordPolicyViolations('Abcdefgh1!', { minLength: 12, minClasses: 4 })).toEqual([
      '长度至少 12 个字符',
    ]);
  });

  it('generates temporary passwords that satisfy the strictest policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateTemporaryPassword();
      expect(passwordPolicyViolations(p, { minLength: 12, minClasses: 4 })).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
