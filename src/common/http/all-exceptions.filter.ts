import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DatabaseAvailability } from '../../database/database-availability';
import type { AppError } from '../errors';
import { AppError as AppErrorClass, CommonErrors } from '../errors';
import type { AppRequest } from './request-context';
import { requestIdOf } from './request-context';

interface BodyParserError {
  type?: string;
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
    const res = http.getResponse<Response>();
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
      this.logger.warn({ requestId: requestIdOf(req), path: req.originalUrl }, error.code);
    } else if (error.status >= 500) {
      this.logger.error(
        { err: exception, requestId: requestIdOf(req), path: req.originalUrl },
        'unhandled error',
      );
    }
    writeEnvelope(res, req, error);
  }

  private toAppError(exception: unknown, req: AppRequest): AppError {
    if (exception instanceof AppErrorClass) return exception;
    const parser = bodyParserError(exception);
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

export function writeEnvelope(res: Response, req: AppRequest, error: AppError): void {
  if (res.headersSent) {
    res.end();
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
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.status).json(body);
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

/** body-parser errors carry a `type`; translate the ones a client can cause. */
export function bodyParserError(exception: unknown): AppError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as BodyParserError;
  return e.type ? CLIENT_BODY_ERRORS[e.type]?.(e) : undefined;
}

const HTTP_STATUS_ERRORS: Record<number, (e: HttpException, req: AppRequest) => AppError> = {
  404: (e, req) =>
    /^Cannot [A-Z]+ /.test(e.message)
      ? CommonErrors.ROUTE_NOT_FOUND({ method: req.method, path: req.path })
      : CommonErrors.NOT_FOUND(),
  401: () => CommonErrors.UNAUTHENTICATED(),
  403: () => CommonErrors.FORBIDDEN(),
  413: () => CommonErrors.PAYLOAD_TOO_LARGE({ limit: '上传文件大小限制' }),
  415: () => CommonErrors.UNSUPPORTED_MEDIA_TYPE(),
  429: () => CommonErrors.TOO_MANY_REQUESTS(),
  // e.g. the health check: keep what was down in details
  503: (e) => CommonErrors.SERVICE_UNAVAILABLE(undefined, e.getResponse()),
};

/** Exceptions Nest or a library raised (unknown route, multer, terminus). */
function fromHttpException(exception: HttpException, req: AppRequest): AppError {
  const status = exception.getStatus();
  // multer's field and part limits (its file-size limit is the 413 above)
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
