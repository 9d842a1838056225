import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { AppError } from '../errors';
import { AppError as AppErrorClass, CommonErrors } from '../errors';
import type { AppRequest } from './request-context';
import { requestIdOf } from './request-context';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps anything thrown during a request to the one error envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<AppRequest>();
    const res = http.getResponse<Response>();
    const error = this.toAppError(exception, req);
    if (error.status >= 500) {
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
  res.status(error.status).json(body);
}

/** body-parser and multer errors carry a `type`/`code`; translate the ones a client can cause. */
export function bodyParserError(exception: unknown): AppError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as BodyParserError;
  switch (e.type) {
    case 'entity.parse.failed':
      return CommonErrors.MALFORMED_JSON();
    case 'entity.too.large':
      return CommonErrors.PAYLOAD_TOO_LARGE({ limit: formatBytes(e.limit) });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return CommonErrors.VALIDATION_FAILED({ reason: '请求体不完整' });
    default:
      return undefined;
  }
}

function fromHttpException(exception: HttpException, req: AppRequest): AppError {
  const status = exception.getStatus();
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return /^Cannot [A-Z]+ /.test(exception.message)
        ? CommonErrors.ROUTE_NOT_FOUND({ method: req.method, path: req.path })
        : CommonErrors.NOT_FOUND();
    case HttpStatus.UNAUTHORIZED:
      return CommonErrors.UNAUTHENTICATED();
    case HttpStatus.FORBIDDEN:
      return CommonErrors.FORBIDDEN();
    case HttpStatus.TOO_MANY_REQUESTS:
      return CommonErrors.TOO_MANY_REQUESTS();
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return CommonErrors.PAYLOAD_TOO_LARGE({ limit: '上传文件大小限制' });
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
    default:
      if (status >= 400 && status < 500) {
        return new AppErrorClass(
          CommonErrors.VALIDATION_FAILED.code,
          status,
          CommonErrors.VALIDATION_FAILED({ reason: '请求无法处理' }).message,
        );
      }
      return CommonErrors.INTERNAL();
  }
}

export function formatBytes(bytes: number | undefined): string {
  if (!bytes) return '未知';
  if (bytes >= 1048576) return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
