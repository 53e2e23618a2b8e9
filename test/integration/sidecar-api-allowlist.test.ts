import { api, platform, sidecarFetch } from './support/platform';

/**
 * Defence in depth behind the gateway's routing: even a request that reached the gateway's sidecar with its API token
 * (what a path traversal out of /api/v1 would do) finds only service invocation of the platform's own apps there. Each
 * sidecar serves the APIs of its app's allowlist (components/config/access-control/<app>.yaml) and refuses invocation
 * of anything but a plain app id (components/local/invoke-targets.yaml). Real sidecars, real daprd.
 */
const APP_IDS = () => Object.keys(platform().apps).filter((appId) => appId !== 'event-probe');

describe('the gateway\'s sidecar serves service invocation, no other API', () => {
  it.each([
    ['GET', '/v1.0/metadata', 'metadata'],
    ['PUT', '/v1.0/metadata/probe', 'metadata'],
    ['POST', '/v1.0/publish/pubsub/order.confirmed', 'publish'],
    ['POST', '/v1.0-alpha1/publish/bulk/pubsub/order.confirmed', 'publish (bulk)'],
    ['GET', '/v1.0/state/statestore/cart-probe', 'state'],
    ['POST', '/v1.0/state/statestore', 'state'],
    ['GET', '/v1.0/secrets/secretstore/jwt-signing-key', 'secrets'],
    ['GET', '/v1.0/secrets/secretstore/bulk', 'secrets'],
    ['POST', '/v1.0/workflows/dapr/checkout/start', 'workflows'],
    ['GET', '/v1.0-beta1/workflows/dapr/some-instance', 'workflows'],
    ['POST', '/v1.0/bindings/email', 'bindings'],
    ['POST', '/v1.0-alpha1/jobs/probe', 'jobs'],
    ['GET', '/v1.0/actors/checkout/some-actor/state/key', 'actors'],
    ['GET', '/v1.0/configuration/statestore', 'configuration'],
  ])('when %s %s (%s) is asked of it with its token, then 404: the API is not there', async (method, path) => {
    const body = method === 'GET' ? undefined : JSON.stringify([{ key: 'probe', value: 'x' }]);

    const response = await sidecarFetch('gateway', path, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    const text = await response.text();

    // No route: daprd falls back to invocation, which finds no target. (A served API would answer for itself, e.g.
    // "pubsub not found" when the component is not scoped to the gateway: a different refusal, not this one.)
    expect({ path, status: response.status, body: text }).toEqual({ path, status: 404, body: expect.stringContaining('failed getting app id') });
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('when the same metadata request is asked of order\'s sidecar (its app waits on the actor runtime), then 200: the probe above is sound', async () => {
    const response = await sidecarFetch('order', '/v1.0/metadata');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'order' });
  });

  it('when it invokes a route the gateway uses, then the app answers: invocation still works', async () => {
    const products = await sidecarFetch('gateway', '/v1.0/invoke/catalog/method/products?pageSize=1');
    const jwks = await sidecarFetch('gateway', '/v1.0/invoke/auth/method/auth/jwks.json');
    const health = await fetch(`http://127.0.0.1:${platform().apps.gateway!.daprHTTPPort}/v1.0/healthz`);

    expect(products.status).toBe(200);
    expect(await products.json()).toMatchObject({ page: 1, pageSize: 1 });
    expect(jwks.status).toBe(200);
    expect(health.status).toBe(204);
  });

  it('when a client goes through the gateway, then its routes and its readiness (which invokes every app\'s /readyz) work', async () => {
    const products = await api('GET', '/products?pageSize=1');
    const ready = await fetch(`${platform().gatewayUrl}/readyz`);

    expect(products.status).toBe(200);
    expect(ready.status).toBe(200);
  });
});

describe('no sidecar invokes anything but an app of the platform', () => {
  /** The message sink answers GET /messages with a JSON list: reaching it through a sidecar would be the open proxy. */
  const sink = () => new URL(platform().messageSinkUrl);
  const marker = 'invoke-by-url@example.test';
  const sinkUrl = () => `http://127.0.0.1:${sink().port}`;
  const basic = (target: string) => `Basic ${Buffer.from(`dapr-app-id:${target}`).toString('base64')}`;

  const attempts: [string, () => string, () => Record<string, string>][] = [
    ['a URL, percent-encoded', () => `/v1.0/invoke/${encodeURIComponent(sinkUrl())}/method/messages?to=${marker}`, () => ({})],
    ['a URL as it is', () => `/v1.0/invoke/${sinkUrl()}/method/messages?to=${marker}`, () => ({})],
    ['a URL, encoded twice', () => `/v1.0/invoke/${encodeURIComponent(encodeURIComponent(sinkUrl()))}/method/messages?to=${marker}`, () => ({})],
    ['a URL behind repeated slashes', () => `//v1.0//invoke/${encodeURIComponent(sinkUrl())}/method/messages?to=${marker}`, () => ({})],
    ['a URL in a dapr-app-id header', () => `/messages?to=${marker}`, () => ({ 'dapr-app-id': sinkUrl() })],
    ['a URL in a dapr-app-id header, on an invoke path', () => `/v1.0/invoke/catalog/method/messages?to=${marker}`, () => ({ 'dapr-app-id': sinkUrl() })],
    ['a URL in Basic credentials', () => `/messages?to=${marker}`, () => ({ authorization: basic(sinkUrl()) })],
    ['an app of another namespace', () => '/v1.0/invoke/catalog.default/method/products', () => ({})],
  ];

  it('when the message sink is asked directly, then it answers (so a refusal below is the sidecar\'s)', async () => {
    const response = await fetch(`${sinkUrl()}/messages?to=${marker}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it.each(attempts)('when the gateway\'s sidecar is asked to invoke %s, then 403 and nothing is reached', async (_, path, headers) => {
    const response = await sidecarFetch('gateway', path(), { headers: headers() });
    const text = await response.text();

    expect({ status: response.status, body: text.slice(0, 200) }).toEqual({ status: 403, body: expect.not.stringMatching(/^\[/) });
  });

  it('when any other sidecar of the platform is asked to invoke a URL, then it refuses (403, or 404 where invocation is not served)', async () => {
    const answers: Record<string, number> = {};
    for (const appId of APP_IDS()) {
      answers[appId] = (await sidecarFetch(appId, attempts[0]![1]())).status;
    }

    expect(Object.entries(answers).filter(([, status]) => status !== 403 && status !== 404)).toEqual([]);
  });
});
