// Helpers for the OpenAPI fuzz test; not a test file.
/**
 * Builds bad-input requests for every operation of an OpenAPI document: each case takes a
 * plausible request (from the schema's examples, enums and formats, with real ids where known)
 * and spoils one thing in it (nesting, NUL, lone surrogates, huge or tiny numbers, null, wrong
 * types). Randomness comes from one seeded PRNG so a failing run can be repeated.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: Json[];
  example?: Json;
  default?: Json;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export type Family =
  | 'valid'
  | 'deep-json'
  | 'deep-form'
  | 'nul'
  | 'lone-surrogate'
  | 'huge-int'
  | 'tiny-decimal'
  | 'null'
  | 'wrong-type'
  | 'bad-path';

export const FAMILIES: Family[] = [
  'valid',
  'deep-json',
  'deep-form',
  'nul',
  'lone-surrogate',
  'huge-int',
  'tiny-decimal',
  'null',
  'wrong-type',
  'bad-path',
];

export interface FuzzCase {
  family: Family;
  method: string;
  /** The template, e.g. /exams/{id}. */
  template: string;
  /** The concrete, percent-encoded path with its query string. */
  url: string;
  /** JSON (json), fields (form, multipart), or a raw string sent as is. */
  body?: { kind: 'json'; value: Json } | { kind: 'raw'; type: string; text: string };
  multipart?: { fields: Record<string, string>; file?: string };
  note: string;
}

/** mulberry32: small, fast, good enough to pick cases reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const RANDOM_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Known ids by pool: the static path segment they live under (`exams`) or the property that
 * names them (`attemptId`), harvested from list responses.
 */
export class IdPools {
  private readonly pools = new Map<string, Set<string>>();

  add(pool: string, id: string): void {
    if (!UUID.test(id)) return;
    if (!this.pools.has(pool)) this.pools.set(pool, new Set());
    this.pools.get(pool)!.add(id);
  }

  /** Every uuid in a response: `id` under its parent key (or the path's resource), `xId` under xId. */
  harvest(resource: string, body: unknown, exclude: ReadonlySet<string>): void {
    const stack: { value: unknown; parent: string }[] = [{ value: body, parent: resource }];
    while (stack.length) {
      const { value, parent } = stack.pop()!;
      if (Array.isArray(value)) {
        for (const v of value) stack.push({ value: v, parent });
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (typeof v === 'string' && !exclude.has(v)) {
            if (k === 'id') this.add(parent, v);
            else if (/Id$/.test(k)) this.add(k, v);
          } else if (typeof v === 'object') {
            // a page's `items` are the resource itself
            stack.push({ value: v, parent: k === 'items' ? parent : k });
          }
        }
      }
    }
  }

  pick(names: string[], rnd: () => number): string {
    const all = names.flatMap((n) => [...(this.pools.get(n) ?? [])]);
    if (!all.length || rnd() < 0.1) return RANDOM_UUID;
    return all[Math.floor(rnd() * all.length)];
  }
}

/** Names a resource's ids go by elsewhere (`GET /me/exams` lists `attemptId`s, not exam-attempts). */
const ALIASES: Record<string, string[]> = {
  'exam-attempts': ['attemptId', 'attempts'],
  'study-records': ['records', 'recordId'],
  practice: ['quizId', 'items'],
  assignmentId: ['roles'],
  staffId: ['staff'],
  sessionId: ['sessions'],
};

/** Pools a path parameter may draw from: its own name, and the resource it follows. */
export function poolsFor(template: string, param: string): string[] {
  const segments = template.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
  const names =
    param === 'id'
      ? [before, ...(ALIASES[before] ?? [])]
      : [param, `${param.replace(/Id$/, '')}s`, ...(ALIASES[param] ?? [])];
  return names;
}

const pickOne = <T>(list: readonly T[], rnd: () => number): T =>
  list[Math.floor(rnd() * list.length)];

const HUGE_INTS = [2147483648, -2147483649, 1e20, 2 ** 53, 1e308, -1e308];
const TINY = [1e-7, 5e-324, -1e-7, 1.5e-9];
const WRONG = (): Json[] => [[], {}, true, 'x', 123, [null], { a: 1 }, '', -1];
const NUL = 'a\u0000b';
const LONE = ['\ud800x', 'x\udc00', '\udbff'];
const DEEP = 1500;

function deepValue(rnd: () => number): string {
  return rnd() < 0.5
    ? `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`
    : `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
}

export class CaseBuilder {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly ids: IdPools,
    private readonly rnd: () => number,
  ) {}

  /** Every operation as [method, template, operation]. */
  operations(): [string, string, Operation][] {
    const out: [string, string, Operation][] = [];
    for (const [template, ops] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(ops))
        out.push([method.toUpperCase(), template, op]);
    }
    return out;
  }

  /** The top-level properties of an operation's JSON body. */
  bodyFields(op: Operation): string[] {
    const schema = op.requestBody?.content['application/json']?.schema;
    return schema ? Object.keys(this.resolve(schema).properties ?? {}) : [];
  }

  build(method: string, template: string, op: Operation, family: Family): FuzzCase {
    const rnd = this.rnd;
    const params = op.parameters ?? [];
    const pathValues: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'path')) {
      pathValues[p.name] = this.isNumeric(p.schema)
        ? '1'
        : p.name === 'file'
          ? `${'a'.repeat(43)}.ics`
          : this.ids.pick(poolsFor(template, p.name), rnd);
    }
    const query: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'query')) {
      if (p.required || rnd() < 0.4) query[p.name] = asText(this.example(p.schema ?? {}, p.name));
    }
    const content = op.requestBody?.content ?? {};
    const bodySchema = content['application/json']?.schema;
    const formSchema = content['multipart/form-data']?.schema;
    let body: Json | undefined = bodySchema ? this.example(bodySchema, '') : undefined;
    // A PATCH changes what it names: one field, so a spoiled value is not hidden by another's 400.
    if (method === 'PATCH' && body && typeof body === 'object' && !Array.isArray(body)) {
      const keys = Object.keys(body);
      if (keys.length) {
        const key = pickOne(keys, rnd);
        body = { [key]: body[key] };
      }
    }
    let multipart: FuzzCase['multipart'] | undefined;
    if (formSchema) {
      const fields: Record<string, string> = {};
      const resolved = this.resolve(formSchema);
      for (const [name, s] of Object.entries(resolved.properties ?? {})) {
        const r = this.resolve(s);
        if (r.format === 'binary') continue;
        const v = this.example(r, name);
        fields[name] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      multipart = { fields, file: 'file' };
    }
    let raw: FuzzCase['body'] | undefined;
    let note: string = family;

    // Where the spoiled value goes: a body field, a form field, a query or a path parameter.
    const spoil = (
      value: (kind: 'string' | 'number' | 'any', current: Json) => Json | undefined,
    ) => {
      const targets: (() => string | undefined)[] = [];
      if (body !== undefined) {
        targets.push(() => {
          const leaves = leavesOf(body!);
          if (!leaves.length) {
            const v = value('any', null);
            if (v === undefined) return undefined;
            body = v;
            return 'body';
          }
          const leaf = pickOne(leaves, rnd);
          const v = value(kindOf(leaf.value), leaf.value);
          if (v === undefined) return undefined;
          body = setAt(body!, leaf.path, v);
          return `body.${leaf.path.join('.')}`;
        });
      }
      if (multipart && Object.keys(multipart.fields).length) {
        targets.push(() => {
          const name = pickOne(Object.keys(multipart.fields), rnd);
          const v = value(kindOf(multipart.fields[name]), multipart.fields[name]);
          if (v === undefined) return undefined;
          multipart.fields[name] = typeof v === 'string' ? v : JSON.stringify(v);
          return `form.${name}`;
        });
      }
      const queryParams = params.filter((p) => p.in === 'query');
      if (queryParams.length) {
        targets.push(() => {
          const p = pickOne(queryParams, rnd);
          const v = value(this.isNumeric(p.schema) ? 'number' : 'string', query[p.name] ?? '');
          if (v === undefined || v === null || typeof v === 'object') return undefined;
          query[p.name] = String(v);
          return `query.${p.name}`;
        });
      }
      if (!targets.length) return;
      for (let i = 0; i < 3; i++) {
        const where = pickOne(targets, rnd)();
        if (where) {
          note = `${family} at ${where}`;
          return;
        }
      }
    };

    switch (family) {
      case 'valid':
        break;
      case 'deep-json': {
        const deep = deepValue(rnd);
        const leaves = body === undefined ? [] : leavesOf(body);
        const text =
          leaves.length && rnd() < 0.7
            ? JSON.stringify(setAt(body!, pickOne(leaves, rnd).path, '__DEEP__')).replace(
                '"__DEEP__"',
                deep,
              )
            : deep;
        raw = { kind: 'raw', type: 'application/json', text };
        break;
      }
      case 'deep-form':
        raw = {
          kind: 'raw',
          type: 'application/x-www-form-urlencoded',
          text: `a${'[a]'.repeat(DEEP)}=1&b=${encodeURIComponent(NUL)}`,
        };
        break;
      case 'nul':
        spoil((kind) => (kind === 'number' ? undefined : NUL));
        if (note === family) pathValues[firstKey(pathValues) ?? ''] = NUL;
        break;
      case 'lone-surrogate':
        spoil((kind) => (kind === 'number' ? undefined : pickOne(LONE, rnd)));
        break;
      case 'huge-int':
        spoil(() => pickOne(HUGE_INTS, rnd));
        if (rnd() < 0.3) {
          for (const p of params.filter((x) => x.in === 'path' && this.isNumeric(x.schema)))
            pathValues[p.name] = pickOne(['2147483648', '99999999999999999999', '-1', '0'], rnd);
        }
        break;
      case 'tiny-decimal':
        spoil(() => pickOne(TINY, rnd));
        break;
      case 'null':
        spoil(() => null);
        break;
      case 'wrong-type':
        spoil(() => pickOne(WRONG(), rnd));
        break;
      case 'bad-path': {
        const key = firstKey(pathValues);
        if (key) {
          pathValues[key] = pickOne(
            ['%ED%A0%80', '%C0%80', '%E0', '..', 'null', '1e309', '%20', 'a%2Fb', 'Ａ'],
            rnd,
          );
          note = `bad-path ${key}=${pathValues[key]}`;
        }
        break;
      }
    }

    let path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = pathValues[name] ?? RANDOM_UUID;
      return /%[0-9A-F]{2}/.test(v) ? v : encodeURIComponent(v);
    });
    const qs = new URLSearchParams(query).toString();
    if (qs) path += `?${qs}`;
    const out: FuzzCase = { family, method, template, url: path, note };
    if (raw) out.body = raw;
    else if (multipart) out.multipart = multipart;
    else if (body !== undefined) out.body = { kind: 'json', value: body };
    return out;
  }

  private isNumeric(schema?: Schema): boolean {
    return schema?.type === 'number' || schema?.type === 'integer';
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; s.$ref && i < 10; i++) {
      s = this.doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    const combined = s.allOf ?? s.oneOf ?? s.anyOf;
    return combined?.length ? this.resolve(combined[0]) : s;
  }

  /** A plausible value for a schema: example, enum, default, then by format, name and type. */
  private example(schema: Schema, name: string, depth = 0): Json {
    const s = this.resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return pickOne(s.enum, this.rnd);
    if (s.default !== undefined && this.rnd() < 0.5) return s.default;
    if (s.format === 'uuid' || /Id$/.test(name)) return this.ids.pick([name, `${name}s`], this.rnd);
    switch (s.type) {
      case 'integer':
      case 'number':
        return name === 'year' ? 2026 : (s.minimum ?? 1);
      case 'boolean':
        return this.rnd() < 0.5;
      case 'array': {
        if (depth > 4 || !s.items) return [];
        const item = this.example(s.items, name.replace(/Ids$/, 'Id'), depth + 1);
        return [item];
      }
      case 'object':
      case undefined: {
        if (!s.properties || depth > 4) return s.type === 'object' ? {} : '示例';
        const out: Record<string, Json> = {};
        for (const [k, p] of Object.entries(s.properties)) {
          if (s.required?.includes(k) || this.rnd() < 0.6) out[k] = this.example(p, k, depth + 1);
        }
        return out;
      }
      default:
        if (s.format === 'date-time' || /At$|Time$/.test(name)) return '2026-12-01T02:00:00Z';
        if (/date|deadline|On$|^from$|^to$/i.test(name)) return '2026-12-01';
        return '示例';
    }
  }
}

interface Leaf {
  path: (string | number)[];
  value: Json;
}

function leavesOf(root: Json): Leaf[] {
  const out: Leaf[] = [];
  const stack: Leaf[] = [{ path: [], value: root }];
  while (stack.length) {
    const { path, value } = stack.pop()!;
    if (Array.isArray(value)) {
      if (path.length) out.push({ path, value });
      value.forEach((v, i) => stack.push({ path: [...path, i], value: v }));
    } else if (value && typeof value === 'object') {
      if (path.length) out.push({ path, value });
      for (const [k, v] of Object.entries(value)) stack.push({ path: [...path, k], value: v });
    } else out.push({ path, value });
  }
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    Json
  >;
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

function kindOf(value: Json): 'string' | 'number' | 'any' {
  return typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'any';
}

const asText = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));

const firstKey = (o: Record<string, unknown>): string | undefined => Object.keys(o)[0];
