import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_INPUT_DEPTH, findInputProblem, isWellFormedText } from './input-shape';
import { IsDecimalNumber } from './numbers';

const nest = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('findInputProblem', () => {
  it.each([
    ['plain text', '学法考法 2026', true],
    ['a surrogate pair', '𠀀😀', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800', false],
    ['a lone low surrogate', '\udc00a', false],
    ['two high surrogates', '\ud800\ud800\udc00', false],
  ])('%s is well-formed: %s', (_, text, ok) => {
    expect(isWellFormedText(text)).toBe(ok);
  });

  it('accepts MAX_INPUT_DEPTH levels and refuses one more, naming the path', () => {
    expect(findInputProblem(nest(MAX_INPUT_DEPTH))).toBeUndefined();
    expect(findInputProblem(nest(MAX_INPUT_DEPTH + 1))).toMatchObject({ constraint: 'maxDepth' });
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(findInputProblem(nest(100_000))).toMatchObject({ constraint: 'maxDepth' });
  });

  it('finds bad text in values and keys, with their path', () => {
    expect(findInputProblem({ a: [{ b: 'x\u0000' }] })).toEqual({
      field: 'a.0.b',
      constraint: 'wellFormedText',
      message: expect.stringMatching(/空字符/),
    });
    expect(findInputProblem({ ['k\ud800']: 1 })).toMatchObject({ field: 'k\ud800' });
    expect(findInputProblem({ a: 1, b: ['x', null, true] })).toBeUndefined();
  });
});

class Hours {
  @IsDecimalNumber(2)
  hours!: unknown;
}

describe('IsDecimalNumber', () => {
  it.each([
    [2, true],
    [0.25, true],
    [7.5, true],
    [1.005, false],
    [1e-7, false],
    [5e-324, false],
    [1e21, true],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ['2', false],
  ])('%p → valid: %p (never throws)', (hours, ok) => {
    const errors = validateSync(plainToInstance(Hours, { hours }));
    expect(errors.length === 0).toBe(ok);
  });
});
