import { request } from 'node:http';
import Router from '@koa/router';
import { AppError } from '../../src/errors';
import { createHttpApp } from '../../src/http/app';
import { listen, type RunningServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

describe('the shared Koa stack', () => {
  let server: RunningServer;
  let url: string;
  let dependencyUp = true;

  beforeAll(async () => {
    const router = new Router();
    router.post('/echo', (ctx) => {
      ctx.body = { received: ctx.request.body ?? null };
    });
    router.get('/conflict', () => {
      throw AppError.conflict('sku MUG-1 is taken');
    });
    router.get('/crash', () => {
      throw new Error('password=hunter2 leaked in a driver message');
    });
    const { app } = createHttpApp({
      name: 'kit-test',
      log: createLogger('kit-test', 'silent'),
      routers: [router],
      readiness: [{ name: 'dependency', check: async () => { if (!dependencyUp) throw new Error('down'); } }],
      bodyLimit: '1kb',
    });
    server = await listen(app, 0, '127.0.0.1');
    url = `http://127.0.0.1:${server.port}`;
  });

  afterAll(() => server.close(1_000));

  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('when the JSON is malformed, then 400 problem+json says so, with the trace id', async () => {
    const response = await post('/echo', '{"a": ');
    const problem = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(problem).toMatchObject({ status: 400, detail: 'the request body is not valid JSON', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('when Dapr delivers application/cloudevents+json, then the body is parsed', async () => {
    const response = await post('/echo', JSON.stringify({ specversion: '1.0', id: 'e-1' }), 'application/cloudevents+json');

    expect(await response.json()).toEqual({ received: { specversion: '1.0', id: 'e-1' } });
  });

  it('when the body is over the limit, then 413 problem+json', async () => {
    const response = await post('/echo', JSON.stringify({ big: 'x'.repeat(2_000) }));

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when a POST has no body at all, whatever its content type, then the handler runs without one', async () => {
    // An empty chunked POST, as a sidecar relaying a body-less request may send it.
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: null });
  });

  it('when the body is not JSON, then 415', async () => {
    expect((await post('/echo', 'a=b', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('when a handler throws an AppError, then its status, stable type and detail reach the client', async () => {
    const response = await fetch(`${url}/conflict`);

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: 'https://shop.local/problems/conflict', detail: 'sku MUG-1 is taken', instance: '/conflict' });
  });

  it('when a handler crashes, then 500 without the message or a stack', async () => {
    const response = await fetch(`${url}/crash`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
  });

  it('when no route matches, then 404 problem+json', async () => {
    const response = await fetch(`${url}/nowhere`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when a route exists but not for this method, then 405 problem+json naming the allowed methods', async () => {
    const response = await fetch(`${url}/echo`, { method: 'DELETE' });

    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ type: 'https://shop.local/problems/method-not-allowed', status: 405, instance: '/echo' });
  });

  it('when a dependency is down, then /readyz answers 503 naming it, while /healthz stays 200', async () => {
    dependencyUp = false;
    const ready = await fetch(`${url}/readyz`);
    const healthy = await fetch(`${url}/healthz`);
    dependencyUp = true;

    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: [{ name: 'dependency', ok: false, error: 'down' }] });
    expect(healthy.status).toBe(200);
  });

  it('when requests were served, then /metrics exposes RED metrics per route template', async () => {
    await fetch(`${url}/conflict`);

    const metrics = await (await fetch(`${url}/metrics`)).text();

    expect(metrics).toMatch(/http_requests_total\{[^}]*method="GET"[^}]*route="\/conflict"[^}]*status="409"/);
    expect(metrics).toContain('http_request_duration_seconds_bucket');
  });

  it('when a caller sends a correlation id, then the response echoes it', async () => {
    const response = await fetch(`${url}/healthz`, { headers: { 'x-correlation-id': 'abc-123' } });

    expect(response.headers.get('x-correlation-id')).toBe('abc-123');
    expect(response.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('when the headers are far over the limit, then the client reads a 431 problem instead of a reset connection', async () => {
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const outgoing = request(`${url}/healthz`, { headers: { authorization: `Bearer ${'a'.repeat(100 * 1024)}` } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });

    expect(answer).toMatchObject({ status: 431, type: 'application/problem+json' });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, type: expect.stringContaining('headers-too-large') });
  });
});

describe('an app whose port is public (the gateway)', () => {
  let server: RunningServer;
  let operations: RunningServer;
  let gateCalls = 0;

  beforeAll(async () => {
    const { app, operationsApp } = createHttpApp({
      name: 'edge-test',
      log: createLogger('edge-test', 'silent'),
      routers: [],
      readiness: [{ name: 'secret-topology', check: async () => undefined }],
      publicReadinessGate: async (_ctx, next) => {
        gateCalls += 1;
        await next();
      },
    });
    server = await listen(app, 0, '127.0.0.1');
    operations = await listen(operationsApp!, 0, '127.0.0.1');
  });

  afterAll(async () => {
    await server.close(1_000);
    await operations.close(1_000);
  });

  it('when /metrics is asked on the public port, then 404; the operations port serves it', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${operations.port}/metrics`)).status).toBe(200);
  });

  it('when /readyz is asked on the public port, then it passes the gate and names no check; the operations port names them', async () => {
    const publicReady = await (await fetch(`http://127.0.0.1:${server.port}/readyz`)).json();
    const fullReady = await (await fetch(`http://127.0.0.1:${operations.port}/readyz`)).json();

    expect(publicReady).toEqual({ status: 'ready' });
    expect(gateCalls).toBe(1);
    expect(fullReady).toMatchObject({ checks: [{ name: 'secret-topology', ok: true }] });
  });
});
