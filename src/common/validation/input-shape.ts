import type { AppError } from '../errors';
import { CommonErrors } from '../errors';
import type { FieldError } from './validation-errors';

/** Deepest nesting of objects and arrays accepted anywhere in a request (body, query). */
export const MAX_INPUT_DEPTH = 64;

/** A UTF-16 surrogate without its pair: not text at all (PostgreSQL's jsonb refuses it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No NUL (PostgreSQL text cannot hold it) and no lone surrogate. */
export const isWellFormedText = (s: string): boolean =>
  !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/**
 * The one check every request value passes before anything else reads it: no nesting deeper than
 * MAX_INPUT_DEPTH (class-transformer recurses and would overflow the stack), no NUL and no lone
 * surrogates in any string or key. Iterative, so a hostile body cannot overflow it either.
 * Returns the first problem, or undefined.
 */
export function findInputProblem(value: unknown, root = ''): FieldError | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (!isWellFormedText(item.value)) return badText(item.path);
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_INPUT_DEPTH) {
      return {
        field: item.path || '(root)',
        constraint: 'maxDepth',
        message: `嵌套层级不能超过 ${MAX_INPUT_DEPTH} 层`,
      };
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (!isWellFormedText(key)) return badText(path);
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return undefined;
}

const badText = (field: string): FieldError => ({
  field: field || '(root)',
  constraint: 'wellFormedText',
  message: '不能包含空字符（U+0000）或不成对的 UTF-16 代理字符',
});

export function inputProblemError(problem: FieldError): AppError {
  return CommonErrors.VALIDATION_FAILED({ reason: `${problem.field} ${problem.message}` }, [
    problem,
  ]);
}
