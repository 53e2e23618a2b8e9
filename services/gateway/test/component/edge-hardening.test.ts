import { rawRequest, SIDECAR_FINGERPRINTS } from '../../../../test/support/raw-http';
import type { GatewayService } from '../../src/service';
import { componentRedisUrl, startGateway } from './start-gateway';

describe('the gateway edge', () => {
  let gateway: GatewayService;
  let url: string;
  let opsUrl: string;

  beforeAll(async () => {
    // A Redis database of its own: its anonymous requests come from 127.0.0.1 like the rate-limit suite's, which runs beside it.
    ({ gateway, url, opsUrl } = await startGateway({ RATE_LIMIT_PER_MINUTE: '100000', REDIS_URL: componentRedisUrl(1) }));
  });

  afterAll(() => gateway.stop());

  it.each([
    '/api/v1/products/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/v1.0/metadata',
    '/api/v1/products/.%2e/.%2e/.%2e/.%2e/.%2e/v1.0/metadata',
    '/api/v1/products/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/v1.0/metadata',
    '/api/v1/products/../../../../../v1.0/metadata',
    '/api/v1/products/..%2f..%2f..%2f..%2f..%2fv1.0%2fmetadata',
    '/api/v1/products/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/v1.0/invoke/http%3a%2f%2f127.0.0.1%3a1/method/x',
    '/api/v1/products/..%5c..%5c..%5cv1.0%5cmetadata',
    '/api/v1/orders/%00',
    '/api/v1/orders/%0d%0aX-Injected:%201',
    '/api/v1/products//42',
    '/api/v1/products?x#/../../../../v1.0/metadata',
  ])('when a client walks %s, then it gets 400 problem+json and nothing of the sidecar', async (target) => {
    const answer = await rawRequest(url, target);

    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).not.toMatch(SIDECAR_FINGERPRINTS);
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'POST'])('when a traversal comes with %s, then it is refused the same way', async (method) => {
    const answer = await rawRequest(url, '/api/v1/products/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/v1.0/publish/pubsub/order.created', { method });

    expect(answer.status).toBe(400);
  });

  it('when the callee app cannot be reached, then the client gets the platform\'s 503 problem, not daprd\'s error body', async () => {
    // No catalog runs in the component environment: the sidecar answers with its own ERR_DIRECT_INVOKE.
    const answer = await rawRequest(url, '/api/v1/products/42');

    expect(answer.status).toBe(503);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).not.toMatch(SIDECAR_FINGERPRINTS);
  });

  it('when the public port is asked for /metrics, then 404; the operations port serves them', async () => {
    const publicMetrics = await fetch(`${url}/metrics`);
    const operationsMetrics = await fetch(`${opsUrl}/metrics`);

    expect(publicMetrics.status).toBe(404);
    expect(operationsMetrics.status).toBe(200);
    expect(await operationsMetrics.text()).toContain('http_requests_total');
  });

  it('when the public /readyz answers, then it is a bare verdict; the operations port has the checks', async () => {
    const publicReady = (await (await fetch(`${url}/readyz`)).json()) as Record<string, unknown>;
    const operationsReady = (await (await fetch(`${opsUrl}/readyz`)).json()) as Record<string, unknown>;

    expect(publicReady).toEqual({ status: 'ready' });
    expect(operationsReady).toMatchObject({ status: 'ready', checks: expect.arrayContaining([expect.objectContaining({ name: 'sidecar' })]) });
  });

  it('when the Authorization header is 100 KB, then the client gets 431, not a reset connection', async () => {
    const answer = await rawRequest(url, '/api/v1/products', { headers: { authorization: `Bearer ${'a'.repeat(100 * 1024)}` } });

    expect(answer.status).toBe(431);
    expect(answer.contentType).toContain('application/problem+json');
  });
});

describe('floods the rate limit must see', () => {
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    ({ gateway, url } = await startGateway({ RATE_LIMIT_PER_MINUTE: '100', TRUSTED_PROXIES: '127.0.0.0/8', REDIS_URL: componentRedisUrl(2) }));
  });

  afterAll(() => gateway.stop());

  const fromClient = (client: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': client, ...headers } });

  it('when a client sends 130 forged tokens in a row, then it meets 429 like any other flood', async () => {
    const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < 130; i += 1) {
      statuses.push((await fetch(`${url}/api/v1/products`, fromClient(client, { authorization: `Bearer forged.${i}.token` }))).status);
    }

    expect(statuses.slice(0, 100).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(100)).toEqual(Array(30).fill(429));
  });

  it('when a client polls the public /readyz, then each poll spends its budget', async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const remaining = async () => Number((await fetch(`${url}/readyz`, fromClient(client))).headers.get('ratelimit-remaining'));

    expect([await remaining(), await remaining()]).toEqual([99, 98]);
  });

  it('when a client probes paths that do not exist, then each probe spends its budget too', async () => {
    const client = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
    const remaining = async (path: string) => Number((await fetch(`${url}${path}`, fromClient(client))).headers.get('ratelimit-remaining'));

    expect([await remaining('/api/v1/nothing-here'), await remaining('/api/v1/products/%2e%2e/x')]).toEqual([99, 98]);
  });
});
