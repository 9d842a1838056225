import { randomInt } from 'node:crypto';

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const PASSWORD_MAX_LENGTH = 128;

/** The reasons (Simplified Chinese) a password breaks the policy; empty when it is acceptable. */
export function passwordPolicyViolations(
  password: string,
  policy: PasswordPolicy,
  staffNo?: string,
): string[] {
  const reasons: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) reasons.push(`长度至少 ${policy.minLength} 个字符`);
  if (length > PASSWORD_MAX_LENGTH) reasons.push(`长度不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password));
  if (classes.length < policy.minClasses) {
    reasons.push(`需包含大写字母、小写字母、数字、其他字符中的至少 ${policy.minClasses} 类`);
  }
  if (staffNo && staffNo.length >= 3 && password.toLowerCase().includes(staffNo.toLowerCase())) {
    reasons.push('不能包含工号');
  }
  return reasons;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGIT = '23456789';
const OTHER = '@#%+=?';

/** A random temporary password with every character class, easy to read aloud (no 0/O, 1/l). */
export function generateTemporaryPassword(length = 12): string {
  const all = UPPER + LOWER + DIGIT + OTHER;
  const chars = [UPPER, LOWER, DIGIT, OTHER].map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
