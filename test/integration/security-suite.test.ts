import { createPrivateKey, createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { rawRequest, SIDECAR_FINGERPRINTS } from '../support/raw-http';
import { api, localSecrets, platform, registerAndLogin, sidecarFetch, uniqueEmail } from './support/platform';
import { expectRefused, printTally } from './support/probe-tally';
import { admin, placeOrder, settled, stockedProduct } from './support/shop';

afterAll(() => printTally('security suite (OWASP API Security Top 10, 2023)'));

/**
 * Each probe is an attack that must fail. The ones on tokens forge a token the way an attacker could; the ones on
 * objects use one user's token on another user's resource (BOLA: the answer is 404, never the resource).
 */
async function kid(): Promise<string> {
  return (await api<{ keys: { kid: string }[] }>('GET', '/auth/jwks.json')).body.keys[0]!.kid;
}

async function signed(claims: { iss?: string; aud?: string; alg?: 'RS256' | 'HS256'; key?: 'real' | 'public-as-secret' }): Promise<string> {
  const pem = localSecrets()['jwt-signing-key']!;
  const jwt = new SignJWT({ email: 'mallory@example.test', roles: ['admin'] })
    .setProtectedHeader({ alg: claims.alg ?? 'RS256', kid: await kid() })
    .setSubject('00000000-0000-4000-8000-000000000001')
    .setIssuer(claims.iss ?? 'shop-auth')
    .setAudience(claims.aud ?? 'shop')
    .setIssuedAt()
    .setExpirationTime('10m');
  if (claims.key === 'public-as-secret') {
    const publicPem = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }).toString();
    return jwt.sign(new TextEncoder().encode(publicPem));
  }
  return jwt.sign(createPrivateKey(pem));
}

describe('API2:2023 broken authentication: forged or misdirected tokens are refused with 401', () => {
  it.each([
    ['HS256 signed with the public key as the secret', { alg: 'HS256' as const, key: 'public-as-secret' as const }],
    ['a wrong issuer', { iss: 'someone-else' }],
    ['a wrong audience', { aud: 'another-api' }],
  ])('when the token has %s, then 401', async (_, claims) => {
    const response = await api('GET', '/orders', { token: await signed(claims) });

    expectRefused(response.status, 401);
  });

  it('when the token is genuine, then the same request passes (the probes above are not failing for another reason)', async () => {
    expect((await api('GET', '/orders', { token: await signed({}) })).status).toBe(200);
  });
});

describe('API5:2023 broken function level authorization: a customer on admin routes gets 403', () => {
  it.each([
    ['POST', '/products', { sku: 'X-1', name: 'x', description: 'x', priceCents: 1, currency: 'USD', categoryId: '00000000-0000-4000-8000-000000000000' }],
    ['POST', '/categories', { name: 'Hijacked' }],
    ['PUT', '/inventory/00000000-0000-4000-8000-000000000000', { onHand: 1_000 }],
  ])('when a customer calls %s %s, then 403', async (method, path, body) => {
    const customer = await registerAndLogin('not-admin');

    expectRefused((await api(method, path, { token: customer.accessToken, body })).status, 403);
  });
});

describe('API1:2023 broken object level authorization: user B never reads user A\'s resources (404)', () => {
  it('when B asks for A\'s order, payment and notifications, then 404 or nothing of A\'s', async () => {
    const product = await stockedProduct(3);
    const a = await registerAndLogin('owner-a');
    const b = await registerAndLogin('intruder-b');
    const order = await placeOrder(a.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(a.accessToken, order.body.id);

    expectRefused((await api('GET', `/orders/${order.body.id}`, { token: b.accessToken })).status, 404);
    expectRefused((await api('GET', `/payments?orderId=${order.body.id}`, { token: b.accessToken })).status, 404);
    expectRefused((await api('POST', `/orders/${order.body.id}/cancel`, { token: b.accessToken })).status, 404);
    expect((await api<{ items: unknown[] }>('GET', '/orders', { token: b.accessToken })).body.items).toEqual([]);
    expect((await api<unknown[]>('GET', '/notifications', { token: b.accessToken })).body).toEqual([]);
    expect((await api('GET', `/orders/${order.body.id}`, { token: await admin() })).status).toBe(200);
  });
});

describe('API3:2023 broken object property level authorization and API4:2023 resource consumption: what a client may not set', () => {
  it('when roles are injected at registration, then the account is a plain customer', async () => {
    const email = `inject-${Date.now()}@example.test`;

    const registered = await api<{ roles: string[] }>('POST', '/auth/register', { body: { email, password: 'long enough secret', name: 'Mallory', roles: ['admin'], id: '00000000-0000-4000-8000-000000000001' } });
    const login = await api<{ accessToken: string }>('POST', '/auth/login', { body: { email, password: 'long enough secret' } });
    const write = await api('POST', '/categories', { token: login.body.accessToken, body: { name: `Injected ${Date.now()}` } });

    expect([201, 400]).toContain(registered.status);
    if (registered.status === 201) expect(registered.body.roles).toEqual(['customer']);
    expect(write.status === 403 || registered.status === 400).toBe(true);
  });

  it('when the body is 2 MB, then 413 before any service sees it', async () => {
    const response = await api('POST', '/auth/login', { rawBody: JSON.stringify({ email: 'x@example.test', password: 'y'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });

    expectRefused(response.status, 413);
  });

  it('when a page of more than 100 is asked for, then 400', async () => {
    expectRefused((await api('GET', '/products?pageSize=101')).status, 400);
  });
});

describe('API8:2023 security misconfiguration: sidecars only reach what their app may', () => {
  it('when the catalog\'s sidecar asks for auth\'s signing key, then the secret store is not there for it', async () => {
    const response = await sidecarFetch('catalog', '/v1.0/secrets/secretstore/jwt-signing-key');

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('PRIVATE KEY');
  });

  const invoke = (from: string, to: string, method: string, operation: string, body?: unknown) =>
    sidecarFetch(from, `/v1.0/invoke/${to}/method/${operation}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const aCharge = { orderId: '00000000-0000-4000-8000-00000000acl1', userId: '00000000-0000-4000-8000-00000000acl2', amountCents: 100, currency: 'USD', paymentToken: 'tok_visa' };

  it.each([
    ['inventory', 'payment', 'POST', 'payments/charges', aCharge],
    ['gateway', 'payment', 'POST', 'payments/charges', aCharge],
    ['gateway', 'inventory', 'POST', 'reservations', { orderId: aCharge.orderId, items: [] }],
    ['cart', 'payment', 'GET', 'readyz', undefined],
    ['order', 'gateway', 'GET', 'api/v1/products', undefined],
    ['event-probe', 'catalog', 'GET', 'products', undefined],
    // Cart and order price products only with the batch lookup (it never answers 404), and only they may call it.
    ['cart', 'catalog', 'GET', 'products/00000000-0000-4000-8000-000000000000', undefined],
    ['gateway', 'catalog', 'POST', 'product-lookup', { ids: ['00000000-0000-4000-8000-000000000000'] }],
  ])('when %s\'s sidecar invokes %s (%s %s), then the callee\'s sidecar refuses it with 403 before the app sees it', async (from, to, method, operation, body) => {
    const response = await invoke(from, to, method, operation, body);

    expectRefused(response.status, 403);
    expect(await response.text()).toContain('access control policy has denied access');
  });

  it('when order\'s sidecar makes the same charge call and cart\'s the product lookup, then they reach payment and catalog (the refusals above are about the caller)', async () => {
    const invalid = await invoke('order', 'payment', 'POST', 'payments/charges', { ...aCharge, amountCents: -1 });
    const lookup = await invoke('cart', 'catalog', 'POST', 'product-lookup', { ids: ['00000000-0000-4000-8000-000000000000'] });

    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toEqual({ products: [], missing: ['00000000-0000-4000-8000-000000000000'] });
  });
});

describe('API3:2023 broken object property level authorization: profiles and addresses', () => {
  it('when a user PATCHes roles, email or id into the profile, then only the name changes and the token keeps its roles', async () => {
    const user = await registerAndLogin('patcher');

    const patched = await api<{ id: string; email: string; name: string }>('PATCH', '/users/me', { token: user.accessToken, body: { name: 'New Name', roles: ['admin'], email: 'boss@example.test', id: '00000000-0000-4000-8000-000000000001' } });
    const write = await api('POST', '/categories', { token: user.accessToken, body: { name: `Escalated ${Date.now()}` } });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: user.userId, email: user.email, name: 'New Name' });
    expectRefused(write.status, 403);
  });

  it('when B reads, changes or deletes A\'s address, then 404 and A\'s address is untouched', async () => {
    const a = await registerAndLogin('address-owner');
    const b = await registerAndLogin('address-thief');
    const address = { line1: '1 Private Road', city: 'Hometown', postalCode: '11111', country: 'US' };
    const created = await api<{ id: string }>('POST', '/users/me/addresses', { token: a.accessToken, body: address });

    const patch = await api('PATCH', `/users/me/addresses/${created.body.id}`, { token: b.accessToken, body: { city: 'Elsewhere' } });
    const remove = await api('DELETE', `/users/me/addresses/${created.body.id}`, { token: b.accessToken });
    const bList = await api<{ items: unknown[] }>('GET', '/users/me/addresses', { token: b.accessToken });
    const aList = await api<{ items: { id: string; city: string }[] }>('GET', '/users/me/addresses', { token: a.accessToken });

    expect(created.status).toBe(201);
    expectRefused(patch.status, 404);
    expectRefused(remove.status, 404);
    expect(bList.body.items).toEqual([]);
    expect(aList.body.items).toEqual([expect.objectContaining({ id: created.body.id, city: 'Hometown' })]);
  });
});

describe('API8:2023 security misconfiguration: only an event\'s owner may publish it', () => {
  it.each([
    ['auth', 'order.confirmed'],
    ['user', 'payment.refunded'],
  ])('when %s\'s sidecar publishes %s, then the broker refuses it', async (appId, topic) => {
    const response = await sidecarFetch(appId, `/v1.0/publish/pubsub/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ forged: true }),
    });

    expectRefused(response.status, 403);
  });

  it('when the owner publishes its own topic, then the same call is accepted (the refusal above is about ownership)', async () => {
    const response = await sidecarFetch('inventory', '/v1.0/publish/pubsub/inventory.low_stock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: '0a0a0a0a-0000-4000-8000-0000000000ff', available: 1, threshold: 5 }),
    });

    expect(response.status).toBe(204);
  });
});

describe('API8:2023 security misconfiguration: sidecars and apps answer only their own partner', () => {
  it('when a sidecar API is called without its token, then 401; with it, the same call works', async () => {
    const order = platform().apps.order!;

    const without = await fetch(`http://127.0.0.1:${order.daprHTTPPort}/v1.0/metadata`);
    const withToken = await sidecarFetch('order', '/v1.0/metadata');

    expectRefused(without.status, 401);
    expect(withToken.status).toBe(200);
  });

  it('when an app is called directly instead of through its sidecar, then 401, even with forged identity headers', async () => {
    const payment = platform().apps.payment!;

    const charge = await fetch(`http://127.0.0.1:${payment.appPort}/payments/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-roles': 'admin' },
      body: JSON.stringify({ orderId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', amountCents: 1, currency: 'USD', paymentToken: 'tok_visa' }),
    });
    const health = await fetch(`http://127.0.0.1:${payment.appPort}/healthz`);

    expectRefused(charge.status, 401);
    expect(health.status).toBe(200);
  });
});

/** Every address on this machine a sidecar could be made to call for a client: the gateway must never be that proxy. */
function internalTargets(): string[] {
  const run = platform();
  return [
    run.prometheusUrl,
    run.alertmanagerUrl,
    run.messageSinkUrl,
    ...(run.tracing ? [run.tracing.queryUrl] : []),
    `http://127.0.0.1:${run.apps.order!.opsPort}`,
  ].map((url) => new URL(url).host);
}

const climbs = ['%2e%2e/', '.%2e/', '%2E%2E/', '%2e./', '../', '..%2f', '..%2F', '..%5c', '%2e%2e%2f', '..;/'];
const walk = (climb: string) => `/api/v1/products/${climb.repeat(5)}`;

describe('API7:2023 server side request forgery: the gateway walked out of /api/v1 into its sidecar', () => {
  it.each(climbs)('when %s climbs to the sidecar\'s metadata, publish, state, secrets and workflow APIs, then 400 or 404 and nothing of the sidecar', async (climb) => {
    for (const [method, api] of [
      ['GET', 'v1.0/metadata'],
      ['POST', 'v1.0/publish/pubsub/order.confirmed'],
      ['GET', 'v1.0/state/statestore/anything'],
      ['GET', 'v1.0/secrets/secretstore/jwt-signing-key'],
      ['POST', 'v1.0-beta1/workflows/dapr/CheckoutWorkflow/start'],
      ['GET', 'v1.0/healthz'],
    ] as const) {
      const answer = await rawRequest(platform().gatewayUrl, `${walk(climb)}${api}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });

      expectRefused(answer.status, 400, 404);
      expect(answer.body).not.toMatch(SIDECAR_FINGERPRINTS);
    }
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'POST'])('when %s tries the sidecar\'s invoke-by-URL toward every internal address, then 400 or 404 and nothing of the target', async (method) => {
    for (const host of internalTargets()) {
      for (const climb of ['%2e%2e/', '.%2e/', '%2E%2E/']) {
        const answer = await rawRequest(platform().gatewayUrl, `${walk(climb)}v1.0/invoke/http%3A%2F%2F${encodeURIComponent(host)}/method/api/v1/status/config`, { method });

        expectRefused(answer.status, 400, 404);
        expect(answer.body).not.toMatch(SIDECAR_FINGERPRINTS);
        expect(answer.body).not.toMatch(/"status"\s*:\s*"success"|yaml|<html/i);
      }
    }
  });

  it.each([
    ['an encoded NUL', '/api/v1/orders/%00'],
    ['an encoded CRLF', '/api/v1/orders/%0d%0aX-Injected:%20yes'],
    ['a backslash', '/api/v1/products/..\\..\\v1.0\\metadata'],
    ['an empty segment', '/api/v1/products//42'],
    ['a double-encoded dot-dot', '/api/v1/products/%252e%252e/%252e%252e/v1.0/metadata'],
    ['an overlong UTF-8 dot-dot', '/api/v1/products/%c0%ae%c0%ae/%c0%ae%c0%ae/v1.0/metadata'],
    ['an absolute URL as the request target', 'http://127.0.0.1:1/api/v1/products'],
  ])('when the path holds %s, then 400 or 404 before anything is forwarded', async (_what, target) => {
    const answer = await rawRequest(platform().gatewayUrl, target);

    expectRefused(answer.status, 400, 404);
    expect(answer.body).not.toMatch(SIDECAR_FINGERPRINTS);
  });

  it('when a documented route is called the plain way, then it still works (the refusals above are about the spelling)', async () => {
    const answer = await rawRequest(platform().gatewayUrl, '/api/v1/products?pageSize=1');

    expect(answer.status).toBe(200);
  });
});

describe('API2:2023 broken authentication: a locked account stays locked in every spelling', () => {
  const LOGIN_FAILURES_ALLOWED = 20;
  const fullWidth = (text: string) => text.replace(/[a-z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) - 0x61 + 0xff41));
  const login = (email: string, password: string, spelling: 'plain' | 'bom' = 'plain') =>
    api('POST', '/auth/login', { rawBody: `${spelling === 'bom' ? '\uFEFF' : ''}${JSON.stringify({ email, password })}`, headers: { 'content-type': 'application/json' } });

  it('when failures come with a byte-order mark, in upper case, padded or in full-width letters, then they count against one account, and the right password in any spelling is refused', async () => {
    const email = uniqueEmail('lockout');
    const password = 'correct horse battery';
    expect((await api('POST', '/auth/register', { body: { email, password, name: 'Locked Out' } })).status).toBe(201);
    const spellings = [
      (address: string) => login(address, 'wrong', 'bom'),
      (address: string) => login(address.toUpperCase(), 'wrong'),
      (address: string) => login(`  ${address}\t`, 'wrong'),
      (address: string) => login(fullWidth(address), 'wrong'),
    ];

    const failures: number[] = [];
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i += 1) failures.push((await spellings[i % spellings.length]!(email)).status);

    expect(failures).toEqual(Array(LOGIN_FAILURES_ALLOWED).fill(401));
    expectRefused((await login(email, password, 'bom')).status, 429);
    expectRefused((await login(email, password)).status, 429);
    expectRefused((await login(` ${email.toUpperCase()} `, password)).status, 429);
  });

  it('when a login body is in another charset, then it is refused, not forwarded uncounted', async () => {
    const answer = await api('POST', '/auth/login', { rawBody: JSON.stringify({ email: 'someone@example.test', password: 'x' }), headers: { 'content-type': 'application/json; charset=utf-16le' } });

    expectRefused(answer.status, 400);
  });
});

describe('API4:2023 unrestricted resource consumption and API8:2023 misconfiguration at the edge', () => {
  it('when the Authorization header is 100 KB, then 431, not a reset connection', async () => {
    const answer = await rawRequest(platform().gatewayUrl, '/api/v1/orders', { headers: { authorization: `Bearer ${'a'.repeat(100 * 1024)}` } });

    expectRefused(answer.status, 431);
  });

  it('when the public port is asked for /metrics, then 404; /readyz says ready and nothing of the topology', async () => {
    const metrics = await fetch(`${platform().gatewayUrl}/metrics`);
    const ready = await fetch(`${platform().gatewayUrl}/readyz`);

    expectRefused(metrics.status, 404);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(ready.headers.get('ratelimit-remaining')).not.toBeNull();
  });

  it.each([
    ['a NUL in a name', '/auth/register', { email: 'nul-probe@example.test', password: 'correct horse battery', name: 'Nul\u0000Name' }],
    ['a lone surrogate in a name', '/auth/register', { email: 'surrogate-probe@example.test', password: 'correct horse battery', name: 'Lone\ud800' }],
  ])('when a body holds %s, then 400, never 500', async (_what, path, body) => {
    expectRefused((await api('POST', path, { body })).status, 400);
  });

  it.each(['/orders/not-a-uuid', '/orders/%00', '/shipments/%0d%0a', '/dead-letters/..%2f'])('when an id is %s, then 400 or 404 without a 5xx', async (path) => {
    const customer = await registerAndLogin('id-probe');

    expectRefused((await rawRequest(platform().gatewayUrl, `/api/v1${path}`, { headers: { authorization: `Bearer ${customer.accessToken}` } })).status, 400, 404);
  });
});
