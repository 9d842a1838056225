/** Detail attached to an error, e.g. one entry per invalid field or bad import row. */
export type ErrorDetails = unknown;

/**
 * The only error type services throw. The global filter maps it to the envelope
 * `{ statusCode, code, message, details?, requestId }`.
 */
export class AppError extends Error {
  /** Sent as `Retry-After` when set: how long a client should wait before trying again. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorDefinition {
  status: number;
  /** Simplified Chinese; `{name}` placeholders are filled from params. */
  message: string;
}

export interface ErrorFactory {
  (params?: Record<string, string | number>, details?: ErrorDetails): AppError;
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

const registry = new Map<string, ErrorDefinition>();

/** Every error code defined anywhere, for the OpenAPI error catalogue. */
export function errorCatalogue(): ReadonlyMap<string, ErrorDefinition> {
  return registry;
}

export function defineErrors<T extends Record<string, ErrorDefinition>>(
  namespace: string,
  definitions: T,
): { readonly [K in keyof T]: ErrorFactory } {
  const out: Record<string, ErrorFactory> = {};
  for (const [name, def] of Object.entries(definitions)) {
    const code = `${namespace}.${name}`;
    registry.set(code, def);
    const factory = (params?: Record<string, string | number>, details?: ErrorDetails) =>
      new AppError(code, def.status, fill(def.message, params), details);
    out[name] = Object.assign(factory, { code, status: def.status, message: def.message });
  }
  return out as { readonly [K in keyof T]: ErrorFactory };
}

function fill(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
