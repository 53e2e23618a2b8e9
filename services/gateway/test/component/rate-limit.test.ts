import { createServer } from 'node:net';
import { componentConfig } from '../../../../test/component-setup/harness';
import { gatewayConfigSchema } from '../../src/config';
import { RedisRateLimits } from '../../src/data/redis-rate-limits';
import { createGatewayService, type GatewayService } from '../../src/service';

/** The gateway in-process against the real Redis and daprd of the component environment. */
describe('the per-minute request limit', () => {
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    const config = componentConfig(gatewayConfigSchema, 'gateway', {
      REDIS_URL: `redis://127.0.0.1:${process.env.COMPONENT_REDIS_PORT}`,
      RATE_LIMIT_PER_MINUTE: '100',
      READINESS_APPS: '',
    });
    gateway = createGatewayService(config);
    await gateway.start();
    url = `http://127.0.0.1:${gateway.port()}`;
  });

  afterAll(() => gateway.stop());

  it('when an anonymous client sends its 101st request in a minute, then 429 with Retry-After, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      statuses.push((await fetch(`${url}/api/v1/products`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
    }

    const over = await fetch(`${url}/api/v1/products`, { headers: { 'x-forwarded-for': '203.0.113.250' } });

    expect(statuses).not.toContain(429);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when an API response leaves the gateway, even an error, then it carries the security headers', async () => {
    const response = await fetch(`${url}/api/v1/products`);

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeTruthy();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('rate limits while Redis is unreachable', () => {
  const closedPort = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  };
  let limits: RedisRateLimits;

  beforeAll(async () => {
    limits = new RedisRateLimits({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, requestsPerMinute: 3, loginFailuresAllowed: 20, loginWindowSeconds: 900 });
  });

  afterAll(() => limits.close());

  it('when requests arrive, then they are still counted (in memory) and the one over the limit gets 429', async () => {
    const allowed = [await limits.takeRequest('client-a'), await limits.takeRequest('client-a'), await limits.takeRequest('client-a')];

    await expect(limits.takeRequest('client-a')).rejects.toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(allowed.map((a) => a.remaining)).toEqual([2, 1, 0]);
    await expect(limits.takeRequest('client-b')).resolves.toMatchObject({ remaining: 2 });
  });

  it('when a login is checked, then it fails closed with 503 rather than counting failures per replica', async () => {
    await expect(limits.assertLoginAllowed('someone@example.test')).rejects.toMatchObject({ status: 503 });
  });
});
