import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { isPortOpen, waitUntil } from './ports';
import { isAlive, spawnLogged, withLogTail, type ManagedProcess } from './processes';

/**
 * The local stand-in for an SMTP relay and an SMS provider: Dapr's `email` (bindings.smtp) and `sms` (bindings.http)
 * output bindings deliver here, and tests and developers read what would have been sent from `GET /messages`.
 */
export interface SinkMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string[] | string;
  receivedAt: string;
  [field: string]: unknown;
}

export interface MessageSink {
  smtpPort: number;
  httpPort: number;
  close(): Promise<void>;
}

/** Oldest messages are forgotten first, so a long-running `make up` cannot grow without bound. */
export const MESSAGE_SINK_CAPACITY = 10_000;
const MAX_EMAIL_BYTES = 1024 * 1024;
const MAX_SMS_BODY_BYTES = 64 * 1024;

export async function startMessageSinkServer(options: { smtpPort: number; httpPort: number; host?: string }): Promise<MessageSink> {
  const host = options.host ?? '127.0.0.1';
  const messages: SinkMessage[] = [];
  const keep = (message: SinkMessage) => {
    messages.push(message);
    if (messages.length > MESSAGE_SINK_CAPACITY) messages.splice(0, messages.length - MESSAGE_SINK_CAPACITY);
  };

  const smtp = new SMTPServer({
    // A loopback sink: no credentials, and no STARTTLS offered, so Dapr's smtp binding (gomail) sends in clear text.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_EMAIL_BYTES,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
          keep({
            id: randomUUID(),
            channel: 'email',
            from: addresses(mail.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            // The envelope, not the To header: it is who the relay would actually deliver to (Bcc included).
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html === false ? '' : mail.html,
            receivedAt: new Date().toISOString(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const web = http.createServer((request, response) => {
    handleHttp(request, response, messages, keep).catch((error: unknown) => {
      reply(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.httpPort, host, () => resolve());
  });
  const portOf = (address: ReturnType<http.Server['address']>) => (typeof address === 'object' && address ? address.port : 0);

  return {
    smtpPort: portOf(smtp.server.address()),
    httpPort: portOf(web.address()),
    async close() {
      web.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => web.close(() => resolve())), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}

async function handleHttp(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  messages: SinkMessage[],
  keep: (message: SinkMessage) => void,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sink');
  if (request.method === 'GET' && url.pathname === '/healthz') return reply(response, 200, { status: 'ok' });
  if (url.pathname !== '/messages') return reply(response, 404, { error: 'not found' });
  if (request.method === 'GET') {
    const to = url.searchParams.get('to')?.toLowerCase();
    const channel = url.searchParams.get('channel');
    const matches = messages.filter((message) => (!channel || message.channel === channel) && (!to || recipients(message).includes(to)));
    return reply(response, 200, matches);
  }
  if (request.method === 'POST') {
    const body = await readJson(request);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return reply(response, 400, { error: 'expected a JSON object' });
    const message = { ...(body as Record<string, unknown>), id: randomUUID(), channel: 'sms', receivedAt: new Date().toISOString() } as SinkMessage;
    keep(message);
    return reply(response, 201, message);
  }
  return reply(response, 405, { error: 'method not allowed' });
}

const recipients = (message: SinkMessage): string[] =>
  (Array.isArray(message.to) ? message.to : [message.to]).filter((to): to is string => typeof to === 'string').map((to) => to.toLowerCase());

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value).flatMap((entry) => (entry.address ? [entry.address] : []));

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SMS_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    // Parsed whatever the content type: Dapr's http binding does not always label its body as JSON.
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Runs the compiled `message-sink-main.js` as a managed process (its own process group, recorded for `make down`).
 * Resolved next to `src/` so it works from the compiled package and from jest, which loads this file from `src/`.
 */
export async function startMessageSink(options: { smtpPort: number; httpPort: number; logFile: string }): Promise<ManagedProcess> {
  // A leftover sink on these ports would answer the readiness probe while this one fails to bind.
  for (const port of [options.smtpPort, options.httpPort]) {
    if (await isPortOpen(port)) throw new Error(`message sink: port ${port} is already in use. Is the platform already running (make down)?`);
  }
  const sink = spawnLogged({
    name: 'message-sink',
    command: process.execPath,
    args: [path.resolve(__dirname, '..', 'dist', 'message-sink-main.js')],
    env: { ...process.env, SMTP_PORT: String(options.smtpPort), HTTP_PORT: String(options.httpPort) },
    logFile: options.logFile,
  });
  await waitUntil('message sink', async () => {
    if (!isAlive(sink.pid)) throw new Error('the message sink exited');
    return isPortOpen(options.httpPort);
  }, 15_000).catch(withLogTail(options.logFile));
  return sink;
}
