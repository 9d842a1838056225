/**
 * Precompiled checks for the few DTOs on hot paths (the answer autosave). class-validator stays
 * the contract: a fast check returns the DTO only for a body that the class-validator rules
 * certainly accept, and undefined for anything else, which then takes the full way through
 * class-transformer and class-validator. So a refused body always gets class-validator's own
 * field errors, and an accepted one the same instance the full way would build
 * (src/modules/exams/save-answer-fast-path.spec.ts compares both on a table and on fuzz).
 */
export type FastCheck<T extends object> = (body: unknown) => T | undefined;

type Constructor = abstract new (...args: never[]) => object;

const checks = new Map<Constructor, FastCheck<object>>();

export function registerFastCheck<T extends object>(
  cls: abstract new (...args: never[]) => T,
  check: FastCheck<T>,
): void {
  checks.set(cls, check);
}

export function fastCheckFor(cls: unknown): FastCheck<object> | undefined {
  return typeof cls === 'function' ? checks.get(cls as Constructor) : undefined;
}

/** A plain JSON object (not an array, no class, no prototype tricks) with exactly these keys. */
export function hasExactlyKeys(
  body: unknown,
  keys: readonly string[],
): body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  if (Object.getPrototypeOf(body) !== Object.prototype) return false;
  const own = Object.keys(body);
  if (own.length !== keys.length) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(body, k)) return false;
  return true;
}
