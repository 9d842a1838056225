import { ApiError } from '../api/errors';
import type { FailureKind } from './save-queue';

/** How the exam queues treat a failed request. */
export function classifyExamError(error: unknown): FailureKind {
  if (!(error instanceof ApiError)) return 'retry';
  if (error.status === 409 && error.code === 'EXAMS.ATTEMPT_CLOSED') return 'closed';
  if (error.status === 401) return 'paused';
  if (error.status === 403 && error.code === 'AUTH.ACCOUNT_DISABLED') return 'paused';
  if (error.status === 0 || error.status === 429 || error.status >= 500) return 'retry';
  return 'rejected';
}
