import { ApiError } from '../api/errors';

/** The text to show for an error: the server's message, plus its request id when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.requestId ? `${error.message}（请求编号：${error.requestId}）` : error.message;
  }
  if (error instanceof Error && /[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return '操作失败，请稍后重试';
}

/**
 * The app-wide error display: a toast with the server's message and the request id. ElMessage
 * is loaded on the first error (it is not in the entry chunk every page waits for).
 */
export function showError(error: unknown): void {
  const message = errorText(error);
  void import('./toast').then(({ toast }) => toast('error', message));
}
