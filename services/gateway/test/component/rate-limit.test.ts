import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { componentConfig } from '../../../../test/component-setup/harness';
import { gatewayConfigSchema } from '../../src/config';
import { RedisRateLimits } from '../../src/data/redis-rate-limits';
import { createGatewayService, type GatewayService } from '../../src/service';

/** The gateway in-process against the real Redis and daprd of the component environment. */
async function startGateway(settings: Record<string, string> = {}): Promise<{ gateway: GatewayService; url: string }> {
  const config = componentConfig(gatewayConfigSchema, 'gateway', {
    REDIS_URL: process.env.COMPONENT_REDIS_URL,
    RATE_LIMIT_PER_MINUTE: '100',
    READINESS_APPS: '',
    ...settings,
  });
  const gateway = createGatewayService(config);
  await gateway.start();
  return { gateway, url: `http://127.0.0.1:${gateway.port()}` };
}

describe('the per-minute request limit', () => {
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    ({ gateway, url } = await startGateway());
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

/** The test's own connections come from 127.0.0.1: here that is an ingress controller somewhere in a trusted range. */
describe('the per-minute request limit behind a trusted proxy range', () => {
  let gateway: GatewayService;
  let url: string;
  const remaining = async (forwardedFor: string) =>
    Number((await fetch(`${url}/api/v1/products`, { headers: { 'x-forwarded-for': forwardedFor } })).headers.get('ratelimit-remaining'));
  /** A documentation address of its own for each test run, so no run spends another's budget. */
  const aClient = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

  beforeAll(async () => {
    ({ gateway, url } = await startGateway({ TRUSTED_PROXIES: '127.0.0.0/8, fd00::/8' }));
  });

  afterAll(() => gateway.stop());

  it('when two anonymous clients come through the proxy, then each spends a budget of its own', async () => {
    const [alice, bob] = [aClient(), aClient()];

    const spent = [await remaining(alice), await remaining(bob), await remaining(alice)];

    expect(spent).toEqual([99, 99, 98]);
  });

  it('when a client prepends addresses to X-Forwarded-For, through one trusted proxy or two, then it spends the budget of the address our first proxy saw', async () => {
    const client = aClient();

    const spent = [await remaining(client), await remaining(`${aClient()}, ${client}`), await remaining(`198.51.100.1, ${client}, 127.0.0.9`)];

    expect(spent).toEqual([99, 98, 97]);
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
