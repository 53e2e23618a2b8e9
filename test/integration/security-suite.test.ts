import { createPrivateKey, createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { api, localSecrets, platform, registerAndLogin, sidecarFetch } from './support/platform';
import { admin, placeOrder, settled, stockedProduct } from './support/shop';

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

describe('security suite: forged or misdirected tokens are refused with 401', () => {
  it.each([
    ['HS256 signed with the public key as the secret', { alg: 'HS256' as const, key: 'public-as-secret' as const }],
    ['a wrong issuer', { iss: 'someone-else' }],
    ['a wrong audience', { aud: 'another-api' }],
  ])('when the token has %s, then 401', async (_, claims) => {
    const response = await api('GET', '/orders', { token: await signed(claims) });

    expect(response.status).toBe(401);
  });

  it('when the token is genuine, then the same request passes (the probes above are not failing for another reason)', async () => {
    expect((await api('GET', '/orders', { token: await signed({}) })).status).toBe(200);
  });
});

describe('security suite: a customer on admin routes gets 403', () => {
  it.each([
    ['POST', '/products', { sku: 'X-1', name: 'x', description: 'x', priceCents: 1, currency: 'USD', categoryId: '00000000-0000-4000-8000-000000000000' }],
    ['POST', '/categories', { name: 'Hijacked' }],
    ['PUT', '/inventory/00000000-0000-4000-8000-000000000000', { onHand: 1_000 }],
  ])('when a customer calls %s %s, then 403', async (method, path, body) => {
    const customer = await registerAndLogin('not-admin');

    expect((await api(method, path, { token: customer.accessToken, body })).status).toBe(403);
  });
});

describe('security suite: user B never reads user A\'s resources (404)', () => {
  it('when B asks for A\'s order, payment and notifications, then 404 or nothing of A\'s', async () => {
    const product = await stockedProduct(3);
    const a = await registerAndLogin('owner-a');
    const b = await registerAndLogin('intruder-b');
    const order = await placeOrder(a.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(a.accessToken, order.body.id);

    expect((await api('GET', `/orders/${order.body.id}`, { token: b.accessToken })).status).toBe(404);
    expect((await api('GET', `/payments?orderId=${order.body.id}`, { token: b.accessToken })).status).toBe(404);
    expect((await api('POST', `/orders/${order.body.id}/cancel`, { token: b.accessToken })).status).toBe(404);
    expect((await api<{ items: unknown[] }>('GET', '/orders', { token: b.accessToken })).body.items).toEqual([]);
    expect((await api<unknown[]>('GET', '/notifications', { token: b.accessToken })).body).toEqual([]);
    expect((await api('GET', `/orders/${order.body.id}`, { token: await admin() })).status).toBe(200);
  });
});

describe('security suite: what a client may not set', () => {
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

    expect(response.status).toBe(413);
  });

  it('when a page of more than 100 is asked for, then 400', async () => {
    expect((await api('GET', '/products?pageSize=101')).status).toBe(400);
  });
});

describe('security suite: sidecars only reach what their app may', () => {
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

    expect(response.status).toBe(403);
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

describe('security suite: profiles and addresses', () => {
  it('when a user PATCHes roles, email or id into the profile, then only the name changes and the token keeps its roles', async () => {
    const user = await registerAndLogin('patcher');

    const patched = await api<{ id: string; email: string; name: string }>('PATCH', '/users/me', { token: user.accessToken, body: { name: 'New Name', roles: ['admin'], email: 'boss@example.test', id: '00000000-0000-4000-8000-000000000001' } });
    const write = await api('POST', '/categories', { token: user.accessToken, body: { name: `Escalated ${Date.now()}` } });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: user.userId, email: user.email, name: 'New Name' });
    expect(write.status).toBe(403);
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
    expect(patch.status).toBe(404);
    expect(remove.status).toBe(404);
    expect(bList.body.items).toEqual([]);
    expect(aList.body.items).toEqual([expect.objectContaining({ id: created.body.id, city: 'Hometown' })]);
  });
});

describe('security suite: only an event\'s owner may publish it', () => {
  it.each([
    ['auth', 'order.confirmed'],
    ['user', 'payment.refunded'],
  ])('when %s\'s sidecar publishes %s, then the broker refuses it', async (appId, topic) => {
    const response = await sidecarFetch(appId, `/v1.0/publish/pubsub/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ forged: true }),
    });

    expect(response.status).toBe(403);
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

describe('security suite: sidecars and apps answer only their own partner', () => {
  it('when a sidecar API is called without its token, then 401; with it, the same call works', async () => {
    const order = platform().apps.order!;

    const without = await fetch(`http://127.0.0.1:${order.daprHTTPPort}/v1.0/metadata`);
    const withToken = await sidecarFetch('order', '/v1.0/metadata');

    expect(without.status).toBe(401);
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

    expect(charge.status).toBe(401);
    expect(health.status).toBe(200);
  });
});
