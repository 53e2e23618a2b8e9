import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { waitUntil, isPortOpen } from './ports';
import { isAlive, spawnLogged, withLogTail, type ManagedProcess } from './processes';

/**
 * Tag names that hold credentials. daprd records every request header named `dapr-*` as a tag of its span, and its
 * tracing runs before its API token check: a request with a wrong `dapr-api-token` is refused, and the token it tried
 * is kept in the trace (Dapr 1.18 has no setting to leave headers out of spans). A correct token is removed before the
 * span is written, a wrong one is somebody's secret, or a guess at ours.
 */
const CREDENTIAL_TAG = /token|authorization|password|passwd|secret|cookie|api[-_.]?key|credential/i;
/** A credential inside a tag value or annotation (a URL, an error message): the scheme stays, the value goes. */
const CREDENTIAL_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+/gi;

interface ZipkinSpan {
  tags?: Record<string, unknown>;
  annotations?: { value?: unknown }[];
  [field: string]: unknown;
}

/**
 * Zipkin v2 spans (the JSON list a POST /api/v2/spans carries) without credentials: tags named like one are dropped,
 * `Bearer …`/`Basic …` in the other tags and in annotations are masked. Returns how many values it removed.
 */
export function scrubZipkinSpans(spans: unknown): { spans: unknown; removed: number } {
  if (!Array.isArray(spans)) return { spans, removed: 0 };
  let removed = 0;
  const mask = (value: string) => value.replace(CREDENTIAL_VALUE, (_, scheme: string) => {
    removed += 1;
    return `${scheme} [redacted]`;
  });
  const scrubbed = spans.map((candidate: unknown) => {
    if (!candidate || typeof candidate !== 'object') return candidate;
    const span = { ...(candidate as ZipkinSpan) };
    if (span.tags && typeof span.tags === 'object') {
      const tags: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(span.tags)) {
        if (CREDENTIAL_TAG.test(key)) removed += 1;
        else tags[key] = typeof value === 'string' ? mask(value) : value;
      }
      span.tags = tags;
    }
    if (Array.isArray(span.annotations)) {
      span.annotations = span.annotations.map((annotation) => (typeof annotation?.value === 'string' ? { ...annotation, value: mask(annotation.value) } : annotation));
    }
    return span;
  });
  return { spans: scrubbed, removed };
}

export interface SpanFilterServer {
  port: number;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return /gzip/i.test(request.headers['content-encoding'] ?? '') ? gunzipSync(raw) : raw;
}

/**
 * A Zipkin span collector in front of the real one (Zipkin, or Jaeger's Zipkin receiver): POST /api/v2/spans is scrubbed
 * of credentials and passed on to `upstream`; nothing else is served. Listens on 127.0.0.1 only.
 */
export async function startSpanFilterServer(options: { port: number; upstream: string }): Promise<SpanFilterServer> {
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url?.split('?')[0] !== '/api/v2/spans') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('only POST /api/v2/spans\n');
        return;
      }
      try {
        const { spans } = scrubZipkinSpans(JSON.parse((await bodyOf(request)).toString('utf8')) as unknown);
        const upstream = await fetch(options.upstream, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(spans),
          signal: AbortSignal.timeout(10_000),
        });
        response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' }).end(await upstream.text());
      } catch (error) {
        const status = error instanceof SyntaxError ? 400 : 503;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The span filter as a process of the platform (`node dist/span-filter-main.js`), ready once its port answers. */
export function spawnSpanFilter(options: { port: number; upstream: string; logFile: string }): { process: ManagedProcess; ready: Promise<void> } {
  const filter = spawnLogged({
    name: 'span-filter',
    command: process.execPath,
    args: [path.resolve(__dirname, '..', 'dist', 'span-filter-main.js')],
    env: { ...process.env, SPAN_FILTER_PORT: String(options.port), SPAN_FILTER_UPSTREAM: options.upstream },
    logFile: options.logFile,
  });
  const ready = waitUntil('span filter', async () => {
    if (!isAlive(filter.pid)) throw Object.assign(new Error('the span filter exited'), { name: 'StartFailed' });
    return isPortOpen(options.port);
  }, 15_000).catch(withLogTail(options.logFile));
  return { process: filter, ready };
}
