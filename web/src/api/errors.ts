/** The server's error envelope (`{statusCode, code, message, details?, requestId}`) as a thrown error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId ?? null;
  }

  /** Server errors (5xx) and network failures carry the request id for the help desk. */
  get showRequestId(): boolean {
    return this.requestId !== null && (this.status >= 500 || this.status === 0);
  }

  /** `details.violations` of AUTH.PASSWORD_POLICY, or []. */
  get violations(): string[] {
    const v = (this.details as { violations?: unknown } | undefined)?.violations;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }
}

/** Codes the client recovers from by refreshing the access token and replaying the request. */
export const REFRESHABLE_CODES = new Set(['AUTH.TOKEN_EXPIRED', 'AUTH.TOKEN_STALE']);

/** 401 codes that end the sign-in: the person has to sign in again. */
export const SIGNED_OUT_CODES = new Set([
  'AUTH.TOKEN_MISSING',
  'AUTH.TOKEN_INVALID',
  'AUTH.SESSION_IDLE',
  'AUTH.SESSION_REVOKED',
  'AUTH.REFRESH_INVALID',
  'AUTH.REFRESH_REUSED',
  'AUTH.ACCOUNT_DISABLED',
]);

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';

/** Reads an error response into an ApiError (a non-JSON body still gives a Chinese message). */
export async function toApiError(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  const env = body as Partial<{
    code: string;
    message: string;
    details: unknown;
    requestId: string;
  }>;
  if (env && typeof env.code === 'string' && typeof env.message === 'string') {
    return new ApiError({
      status: response.status,
      code: env.code,
      message: env.message,
      details: env.details,
      requestId: env.requestId ?? requestId,
    });
  }
  return new ApiError({
    status: response.status,
    code: `HTTP.${response.status}`,
    message: response.status >= 500 ? '服务器暂时无法处理请求，请稍后重试' : '请求失败，请稍后重试',
    requestId,
  });
}
