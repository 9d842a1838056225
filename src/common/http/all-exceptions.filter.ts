import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DatabaseAvailability } from '../../database/database-availability';
import type { AppError } from '../errors';
import { AppError as AppErrorClass, CommonErrors } from '../errors';
import type { AppRequest } from './request-context';
import { pathOf, requestIdOf } from './request-context';

/** A body-parsing error: ours carry body-parser's `type`, Fastify's its `code`. */
export interface BodyParserError {
  type?: string;
  code?: string;
  status?: number;
  limit?: number;
}

/** Fields an urlencoded form may carry (body-parser's `parameterLimit`). */
export const FORM_FIELD_LIMIT = 1000;

/** How long clients are asked to wait when the database is unreachable. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Maps anything thrown during a request to the one error envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly database: DatabaseAvailability) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<AppRequest>();
    const res = http.getResponse<FastifyReply>();
    if (!(exception instanceof AppErrorClass) && this.database.isUnavailable(exception)) {
      // one log line per outage, not one stack per request
      this.database.report(exception);
      const error = CommonErrors.UNAVAILABLE();
      error.retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
      writeEnvelope(res, req, error);
      return;
    }
    const error = this.toAppError(exception, req);
    if (error.status === 503) {
      // an answer (a failing health check, a queue that did not take a job), not a bug: no stack
      this.logger.warn({ requestId: requestIdOf(req), path: req.url }, error.code);
    } else if (error.status >= 500) {
      this.logger.error(
        { err: exception, requestId: requestIdOf(req), path: req.url },
        'unhandled error',
      );
    }
    writeEnvelope(res, req, error);
  }

  private toAppError(exception: unknown, req: AppRequest): AppError {
    if (exception instanceof AppErrorClass) return exception;
    const parser = bodyParserError(exception, req);
    if (parser) return parser;
    if (exception instanceof HttpException) return fromHttpException(exception, req);
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === '23505') return CommonErrors.DUPLICATE();
      if (code === '23503') return CommonErrors.REFERENCE_CONFLICT();
      if (code === '40001' || code === '40P01') return CommonErrors.CONFLICT();
    }
    return CommonErrors.INTERNAL();
  }
}

export function writeEnvelope(res: FastifyReply, req: AppRequest, error: AppError): void {
  if (res.sent || res.raw.headersSent) {
    if (!res.raw.writableEnded) res.raw.end();
    return;
  }
  const body: Record<string, unknown> = {
    statusCode: error.status,
    code: error.code,
    message: error.message,
  };
  if (error.details !== undefined) body.details = error.details;
  body.requestId = requestIdOf(req) ?? null;
  if (error.retryAfterSeconds !== undefined)
    res.header('Retry-After', String(error.retryAfterSeconds));
  void res.status(error.status).type('application/json; charset=utf-8').send(body);
}

const CLIENT_BODY_ERRORS: Record<string, (e: BodyParserError) => AppError> = {
  'entity.parse.failed': () => CommonErrors.MALFORMED_JSON(),
  'entity.too.large': (e) => CommonErrors.PAYLOAD_TOO_LARGE({ limit: formatBytes(e.limit) }),
  'encoding.unsupported': () => CommonErrors.UNSUPPORTED_MEDIA_TYPE(),
  'charset.unsupported': () => CommonErrors.UNSUPPORTED_MEDIA_TYPE(),
  'request.aborted': () => CommonErrors.VALIDATION_FAILED({ reason: '请求体不完整' }),
  'request.size.invalid': () => CommonErrors.VALIDATION_FAILED({ reason: '请求体不完整' }),
  'parameters.too.many': () => CommonErrors.TOO_MANY_FIELDS(undefined, { limit: FORM_FIELD_LIMIT }),
};

/** Fastify's own body errors, as the body-parser `type` they correspond to. */
const FASTIFY_BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'entity.too.large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.size.invalid',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'entity.parse.failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'entity.parse.failed',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'encoding.unsupported',
  FST_ERR_CTP_INVALID_TYPE: 'encoding.unsupported',
};

/**
 * Body-parsing errors (ours carry body-parser's `type`, Fastify's a `code`; Nest hands either
 * over wrapped in an HttpException): translate the ones a client can cause.
 */
export function bodyParserError(exception: unknown, req?: AppRequest): AppError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  if (exception instanceof HttpException && exception.cause) {
    return bodyParserError(exception.cause, req);
  }
  const e = exception as BodyParserError;
  const type = e.type ?? (e.code ? FASTIFY_BODY_ERRORS[e.code] : undefined);
  if (!type) return undefined;
  const limit = e.limit ?? req?.routeOptions?.bodyLimit;
  return CLIENT_BODY_ERRORS[type]?.({ ...e, limit });
}

const HTTP_STATUS_ERRORS: Record<number, (e: HttpException, req: AppRequest) => AppError> = {
  404: (e, req) =>
    /^Cannot [A-Z]+ /.test(e.message)
      ? CommonErrors.ROUTE_NOT_FOUND({ method: req.method, path: pathOf(req) })
      : CommonErrors.NOT_FOUND(),
  401: () => CommonErrors.UNAUTHENTICATED(),
  403: () => CommonErrors.FORBIDDEN(),
  413: () => CommonErrors.PAYLOAD_TOO_LARGE({ limit: '上传文件大小限制' }),
  415: () => CommonErrors.UNSUPPORTED_MEDIA_TYPE(),
  429: () => CommonErrors.TOO_MANY_REQUESTS(),
  // e.g. the health check: keep what was down in details
  503: (e) => CommonErrors.SERVICE_UNAVAILABLE(undefined, e.getResponse()),
};

/** Exceptions Nest or a library raised (unknown route, multipart, terminus). */
function fromHttpException(exception: HttpException, req: AppRequest): AppError {
  const status = exception.getStatus();
  // the multipart field and part limits (the file-size limit is the 413 above)
  if (status === 400 && /^Too many (fields|parts)/.test(exception.message)) {
    return CommonErrors.TOO_MANY_FIELDS();
  }
  const known = HTTP_STATUS_ERRORS[status];
  if (known) return known(exception, req);
  if (status >= 400 && status < 500) {
    return new AppErrorClass(
      CommonErrors.VALIDATION_FAILED.code,
      status,
      CommonErrors.VALIDATION_FAILED({ reason: '请求无法处理' }).message,
    );
  }
  return CommonErrors.INTERNAL();
}

export function formatBytes(bytes: number | undefined): string {
  if (!bytes) return '未知';
  if (bytes >= 1048576) return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
