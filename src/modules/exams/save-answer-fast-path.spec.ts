import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../../common/errors';
import { fastCheckFor } from '../../common/validation/fast-validation';
import { findInputProblem } from '../../common/validation/input-shape';
import { AppValidationPipe } from '../../common/validation/validation.pipe';
import { SAVE_ANSWER_LIMITS, SaveAnswerDto } from './dto/attempt.dto';

/**
 * The autosave's precompiled body check against the global ValidationPipe with class-validator
 * only: for every body the pipe with the fast check must give exactly what the reference gives
 * (the same DTO, or the same error with the same field errors and Chinese messages), and the
 * fast check must be what answers the ordinary saves.
 */
const meta: ArgumentMetadata = { type: 'body', metatype: SaveAnswerDto, data: '' };
const withFastCheck = new AppValidationPipe();
const reference = new AppValidationPipe(false);
const fast = fastCheckFor(SaveAnswerDto)!;

type Outcome =
  | { ok: true; cls: string; value: unknown }
  | { ok: false; status: number; code: string; message: string; details: unknown };

async function outcome(pipe: AppValidationPipe, body: () => unknown): Promise<Outcome> {
  try {
    const value = await pipe.transform(body(), meta);
    return { ok: true, cls: (value as object).constructor.name, value: { ...(value as object) } };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { ok: false, status: e.status, code: e.code, message: e.message, details: e.details };
  }
}

const long = (n: number, unit = '法') => unit.repeat(n);
const pair = '\u{1F600}'; // one character to class-validator, two UTF-16 units

/** JSON bodies as the body parser would hand them over (parsed anew for each pipe). */
const table: [string, string][] = [
  ['single choice', '{"seq":1,"response":["B"]}'],
  ['multiple choice', '{"response":["A","C"],"seq":42}'],
  ['cleared', '{"seq":3,"response":[]}'],
  ['largest seq', `{"seq":${Number.MAX_SAFE_INTEGER},"response":["A"]}`],
  ['20 blanks', JSON.stringify({ seq: 2, response: Array(20).fill('书面') })],
  ['5,000 characters', JSON.stringify({ seq: 2, response: [long(5000)] })],
  ['empty strings', '{"seq":1,"response":["",""]}'],
  ['seq 0', '{"seq":0,"response":["B"]}'],
  ['seq negative', '{"seq":-1,"response":["B"]}'],
  ['seq fraction', '{"seq":1.5,"response":["B"]}'],
  ['seq as text', '{"seq":"1","response":["B"]}'],
  ['seq null', '{"seq":null,"response":["B"]}'],
  ['seq above 2^53', `{"seq":${2 ** 53},"response":["B"]}`],
  ['seq huge', '{"seq":1e308,"response":["B"]}'],
  ['seq missing', '{"response":["B"]}'],
  ['response missing', '{"seq":1}'],
  ['empty object', '{}'],
  ['response a string', '{"seq":1,"response":"B"}'],
  ['response an object', '{"seq":1,"response":{"0":"B"}}'],
  ['response null', '{"seq":1,"response":null}'],
  ['21 answers', JSON.stringify({ seq: 2, response: Array(21).fill('A') })],
  ['a number in the answers', '{"seq":1,"response":["A",2]}'],
  ['null in the answers', '{"seq":1,"response":[null]}'],
  ['nested array', '{"seq":1,"response":[["A"]]}'],
  ['object in the answers', '{"seq":1,"response":[{"a":1}]}'],
  ['5,001 characters', JSON.stringify({ seq: 2, response: [long(5001)] })],
  // 5,001 UTF-16 units but 5,000 characters to class-validator: left to it, and accepted
  [
    '5,000 characters with a surrogate pair',
    JSON.stringify({ seq: 2, response: [long(4999) + pair] }),
  ],
  [
    '5,001 characters with a surrogate pair',
    JSON.stringify({ seq: 2, response: [long(5000) + pair] }),
  ],
  ['presentation selector', JSON.stringify({ seq: 2, response: [long(5000) + '\uFE0F'] })],
  ['unknown field', '{"seq":1,"response":["B"],"extra":true}'],
  ['both wrong and unknown field', '{"seq":0,"response":"B","x":1}'],
  ['__proto__ key', '{"seq":1,"response":["B"],"__proto__":{"admin":true}}'],
  ['constructor key', '{"seq":1,"response":["B"],"constructor":{}}'],
  ['array body', '[1,2]'],
  ['string body', '"B"'],
  ['number body', '7'],
  ['null body', 'null'],
  ['deep nesting', `{"seq":1,"response":${'['.repeat(40)}${']'.repeat(40)}}`],
  ['NUL in an answer', '{"seq":1,"response":["A\\u0000"]}'],
  ['lone surrogate', '{"seq":1,"response":["\\ud800"]}'],
];

/** Bodies that no JSON parser produces, for the check's own guard rails. */
class Posing {
  seq = 1;
  response = ['B'];
}
const odd: [string, () => unknown][] = [
  ['undefined body', () => undefined],
  ['a class instance', () => new Posing()],
  [
    'null prototype',
    () => Object.assign(Object.create(null) as object, { seq: 1, response: ['B'] }),
  ],
  ['sparse answers', () => ({ seq: 1, response: [, 'B'] })], // eslint-disable-line no-sparse-arrays
  ['NaN seq', () => ({ seq: NaN, response: ['B'] })],
  ['Infinity seq', () => ({ seq: Infinity, response: ['B'] })],
];

/** Random bodies from a fixed seed: keys present or not, values of every JSON type and length. */
function fuzzBodies(count: number): string[] {
  let state = 0x5eed;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const lengths = [0, 1, 2, 30, 4999, 5000, 5001, 5002];
  const text = () => {
    const n = pick(lengths);
    const unit = pick(['A', '法', pair, '\uFE0F', ' ']);
    return unit.repeat(unit.length === 2 ? Math.ceil(n / 2) : n);
  };
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => Math.floor(rand() * 100) - 10,
      () => rand() * 10,
      () => pick([0, 1, -1, 2 ** 53 - 1, 2 ** 53, 1e308, -0]),
      () => text(),
      () => String(Math.floor(rand() * 100)),
      () => null,
      () => rand() < 0.5,
      () => [],
      () => ({}),
      () => [text()],
    ])();
  const answers = (): unknown => {
    const n = pick([0, 1, 2, 5, 19, 20, 21, 25]);
    return Array.from({ length: n }, () => (rand() < 0.9 ? text() : scalar()));
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    if (rand() < 0.93) body.seq = rand() < 0.7 ? 1 + Math.floor(rand() * 1000) : scalar();
    if (rand() < 0.93) body.response = rand() < 0.8 ? answers() : scalar();
    if (rand() < 0.08) body[pick(['extra', 'Seq', 'responses', 'position'])] = scalar();
    out.push(JSON.stringify(rand() < 0.03 ? scalar() : body));
  }
  return out;
}

describe('SaveAnswerDto: the precompiled check and class-validator give the same answer', () => {
  const cases: [string, () => unknown][] = [
    ...table.map(([name, json]): [string, () => unknown] => [
      name,
      (): unknown => JSON.parse(json),
    ]),
    ...odd,
  ];

  it.each(cases)('%s', async (_name, body) => {
    expect(await outcome(withFastCheck, body)).toEqual(await outcome(reference, body));
  });

  it('takes the fast way for every ordinary save and only for bodies class-validator accepts', async () => {
    const takenBy = (json: string) => fast(JSON.parse(json)) !== undefined;
    const ordinary = table.slice(0, 7);
    for (const [, json] of ordinary) expect(takenBy(json)).toBe(true);
    for (const [, body] of cases) {
      // NUL and lone surrogates are refused before any DTO rule, by the shape check
      if (fast(body()) === undefined || findInputProblem(body())) continue;
      expect(await outcome(reference, body)).toMatchObject({ ok: true, cls: 'SaveAnswerDto' });
    }
    // the limits the check compiles are the DTO's
    const over = JSON.stringify({
      seq: 1,
      response: Array(SAVE_ANSWER_LIMITS.responses + 1).fill(''),
    });
    expect(takenBy(over)).toBe(false);
    expect(await outcome(reference, () => JSON.parse(over))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('gives the same result for 2,000 random bodies', async () => {
    let accepted = 0;
    let refused = 0;
    for (const json of fuzzBodies(2000)) {
      const mine = await outcome(withFastCheck, () => JSON.parse(json));
      expect({ json: json.slice(0, 200), ...mine }).toEqual({
        json: json.slice(0, 200),
        ...(await outcome(reference, () => JSON.parse(json))),
      });
      if (mine.ok) accepted++;
      else refused++;
    }
    // the fuzz exercises both ways
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });
});
