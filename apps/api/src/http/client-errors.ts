import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { API_SECURITY_HEADERS } from '../security/security-headers.js';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';

/** What Node's HTTP parser reports on `clientError` (llhttp's `HPE_*` codes, request timeouts). */
interface ClientError extends Error {
  code?: string;
}

const REFUSALS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_INVALID_HEADER_TOKEN: {
    status: 400,
    slug: 'invalid-header',
    detail: 'a request header name or value holds a character HTTP does not allow (a control character, for instance)',
  },
  HPE_HEADER_OVERFLOW: { status: 431, slug: 'headers-too-large', detail: 'the request line and headers exceed 16 KiB' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: 'the request was not received in time' },
};

function refusalOf(error: ClientError) {
  return (
    REFUSALS[error.code ?? ''] ?? {
      status: 400,
      slug: 'invalid-http',
      detail: `the request is not valid HTTP/1.1 (${error.code ?? error.message})`,
    }
  );
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a control character in a
 * header, headers over 16 KiB, a broken request line); Fastify's own handler then writes plain
 * JSON. This writes the same problem+json, with the security headers, that every other 4xx
 * carries, straight on the socket, and closes it: the parser cannot go on after an error.
 * The error itself is never logged: its `rawPacket` holds the request's bytes, keys included.
 */
export function clientErrorHandler(log: Logger): (error: ClientError, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // As Node does: a response already under way on this connection cannot be followed by another.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, slug, detail } = refusalOf(error);
    const requestId = randomUUID();
    const body = JSON.stringify(problem(status, slug, detail));
    const headers = {
      ...API_SECURITY_HEADERS,
      'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': requestId,
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
    log.info({ requestId, statusCode: status, code: error.code }, 'request refused by the HTTP parser');
  };
}
