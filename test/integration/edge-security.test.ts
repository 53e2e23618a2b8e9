import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { api, localSecrets, registerAndLogin } from './support/platform';

const newProduct = () => ({
  sku: `SEC-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`,
  name: 'Security probe',
  description: 'should never be stored',
  priceCents: 100,
  currency: 'USD',
  categoryId: '00000000-0000-4000-8000-000000000000',
});

async function authKid(): Promise<string> {
  const jwks = await api<{ keys: { kid: string }[] }>('GET', '/auth/jwks.json');
  return jwks.body.keys[0]!.kid;
}

const claims = { email: 'mallory@example.test', roles: ['admin'] };

describe('the gateway rejects requests that are not properly authenticated', () => {
  it('when a write has no token, then 401 problem+json', async () => {
    const response = await api('POST', '/products', { body: newProduct() });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, type: expect.stringContaining('unauthenticated') });
  });

  it('when the token is signed with the real key but has expired, then 401', async () => {
    const key = createPrivateKey(localSecrets()['jwt-signing-key']!);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: await authKid() })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('shop-auth')
      .setAudience('shop')
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 1800)
      .sign(key);

    const response = await api('POST', '/products', { token: expired, body: newProduct() });

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ detail: expect.stringContaining('expired') });
  });

  it('when the token uses alg none, then 401', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, sub: 'x', iss: 'shop-auth', aud: 'shop', iat: now, exp: now + 600 })}.`;

    const response = await api('POST', '/products', { token: unsigned, body: newProduct() });

    expect(response.status).toBe(401);
  });

  it('when the token is signed by another key under the real kid, then 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: await authKid() })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('shop-auth')
      .setAudience('shop')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

    const response = await api('POST', '/products', { token: forged, body: newProduct() });

    expect(response.status).toBe(401);
  });

  it('when a client sends identity headers itself, then they are ignored', async () => {
    const victim = await registerAndLogin('victim');
    const smuggled = { 'x-user-id': victim.userId, 'x-user-roles': 'admin', 'x-user-email': victim.email };

    // Logout is reachable anonymously at the edge and trusts x-user-id in the service: the strongest probe.
    const anonymousLogout = await api('POST', '/auth/logout', { body: { refreshToken: victim.refreshToken }, headers: smuggled });
    const victimStillRefreshes = await api('POST', '/auth/refresh', { body: { refreshToken: victim.refreshToken } });
    const anonymousWrite = await api('POST', '/products', { body: newProduct(), headers: smuggled });
    const customer = await registerAndLogin('smuggler');
    const customerWrite = await api('POST', '/products', { token: customer.accessToken, body: newProduct(), headers: smuggled });

    expect(anonymousLogout.status).toBe(401);
    expect(victimStillRefreshes.status).toBe(200);
    expect(anonymousWrite.status).toBe(401);
    expect(customerWrite.status).toBe(403);
  });
});

describe('the gateway enforces roles, limits and formats', () => {
  it('when one account fails to log in 20 times within 15 minutes, then the 21st attempt is refused with 429, even with the right password', async () => {
    const victim = await registerAndLogin('brute');
    const wrong = { email: victim.email.toUpperCase(), password: 'not the password' };

    const failures = [];
    for (let i = 0; i < 20; i += 1) failures.push((await api('POST', '/auth/login', { body: wrong })).status);
    const blocked = await api('POST', '/auth/login', { body: { email: victim.email, password: victim.password } });
    const otherAccount = await registerAndLogin('bystander');

    expect(failures).toEqual(Array(20).fill(401));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(otherAccount.accessToken).toBeTruthy();
  });

  it('when a customer writes a product, then 403 problem+json', async () => {
    const customer = await registerAndLogin('customer-writer');

    const response = await api('POST', '/products', { token: customer.accessToken, body: newProduct() });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when the JSON body is malformed, then 400 problem+json with a trace id', async () => {
    const response = await api('POST', '/auth/register', { rawBody: '{"email": "a@b.c", ', headers: { 'content-type': 'application/json' } });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String), traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('when the body is larger than 1 MB, then 413 problem+json', async () => {
    const response = await api('POST', '/auth/register', { body: { email: 'big@example.test', password: 'x'.repeat(1024 * 1024 + 10), name: 'big' } });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when the path names no API, then 404 problem+json', async () => {
    const response = await api('GET', '/no-such-area/1');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when a request carries a correlation id and traceparent, then the response keeps the id and the trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

    const response = await api('GET', '/products', { headers: { 'x-correlation-id': 'it-corr-1', traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('it-corr-1');
    expect(response.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});
