import { loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../src/config';
import { createGatewayService, type GatewayService } from '../../src/service';

/** The gateway in-process against the real Redis and daprd of the component environment. */
describe('the per-minute request limit', () => {
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig(gatewayConfigSchema, {
      SERVICE_NAME: 'gateway',
      APP_PORT: '0',
      LOG_LEVEL: 'silent',
      DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT,
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
