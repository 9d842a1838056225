import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppError } from '../errors';
import { CommonErrors } from '../errors';

interface ClientErrorSocket extends Duplex {
  _httpMessage?: { headersSent?: boolean } | null;
}

/**
 * Requests Node's HTTP parser refuses never reach Express: headers over --max-http-header-size
 * (431) and unparseable requests (400). Answer them with the envelope where the socket still
 * allows a response, as Node's default handler would, but in JSON with a Chinese message.
 */
export function answerClientErrorsWithEnvelope(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: ClientErrorSocket) => {
    if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const error: AppError =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? CommonErrors.HEADERS_TOO_LARGE()
        : CommonErrors.VALIDATION_FAILED({ reason: 'HTTP 请求格式不正确' });
    const requestId = randomUUID();
    const body = JSON.stringify({
      statusCode: error.status,
      code: error.code,
      message: error.message,
      requestId,
    });
    socket.end(
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
  });
}
