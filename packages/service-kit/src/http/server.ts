import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { PROBLEM_TYPE_BASE } from '../errors';
import { CORRELATION_HEADER } from './correlation';

export interface RunningServer {
  port: number;
  server: Server;
  /** Stops accepting, lets in-flight requests finish within the grace period, then drops what is left. */
  close: (graceMs: number) => Promise<void>;
}

export async function listen(app: Koa, port: number, host: string): Promise<RunningServer> {
  const server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const close = async (graceMs: number) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
  };
  return { port: (server.address() as AddressInfo).port, server, close };
}

const HEADERS_TOO_LARGE = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}headers-too-large`, title: 'Request header fields too large', status: 431, detail: 'the request headers exceed 16 KiB' });
const BAD_REQUEST = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}validation`, title: 'Request validation failed', status: 400, detail: 'the request could not be parsed as HTTP' });
const DRAIN_MS = 2_000;

/**
 * Node's own answer to oversized headers closes the socket while the client is still sending them, so the client sees a
 * connection reset instead of the 431. Here the answer is written, the rest of the request is read and dropped, and the
 * socket closes once the client is done (or after a short grace).
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || (error.code === 'ECONNRESET')) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = tooLarge ? HEADERS_TOO_LARGE : BAD_REQUEST;
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${CORRELATION_HEADER}: ${randomUUID()}\r\nconnection: close\r\n\r\n${body}`);
  socket.on('error', () => undefined);
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}
