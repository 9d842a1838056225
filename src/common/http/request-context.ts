import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';

/** What the platform attaches to every request. */
export interface AppRequest extends FastifyRequest {
  user?: Principal;
}

export function requestIdOf(req: AppRequest): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/** The request's path without the query string. */
export function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  return q >= 0 ? req.url.slice(0, q) : req.url;
}

/**
 * Per-request facts that services may need without knowing about HTTP (the audit log records
 * source IP, request id and actor). Filled by middleware and the auth guard.
 */
export interface RequestContextData {
  requestId?: string;
  ip?: string;
  actor?: { id: string; staffNo: string };
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
