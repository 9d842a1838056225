import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { AppError } from '../errors';
import { CommonErrors } from '../errors';

interface ClientErrorSocket extends Duplex {
  _httpMessage?: { headersSent?: boolean } | null;
}

/**
 * Requests Node's HTTP parser refuses never reach Fastify: headers over --max-http-header-size
 * (431) and unparseable requests (400). Answer them with the envelope where the socket still
 * allows a response, as Node's default handler would, but in JSON with a Chinese message.
 * Fastify's `clientErrorHandler` (its own would answer in English).
 */
export function answerClientErrorWithEnvelope(err: Error, socket: Duplex): void {
  const code = (err as NodeJS.ErrnoException).code;
  const sock = socket as ClientErrorSocket;
  if (code === 'ECONNRESET' || !sock.writable || sock._httpMessage?.headersSent) {
    sock.destroy();
    return;
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    sock.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    return;
  }
  const error: AppError =
    code === 'HPE_HEADER_OVERFLOW'
      ? CommonErrors.HEADERS_TOO_LARGE()
      : CommonErrors.VALIDATION_FAILED({ reason: 'HTTP 请求格式不正确' });
  const requestId = randomUUID();
  const body = JSON.stringify({
    statusCode: error.status,
    code: error.code,
    message: error.message,
    requestId,
  });
  sock.end(
    [
      `HTTP/1.1 ${error.status} ${error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
