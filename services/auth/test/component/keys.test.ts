import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { registerAndLogIn, startAuth, type AuthUnderTest } from './auth-under-test';

let auth: AuthUnderTest;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth.stop();
});

describe('GET /auth/jwks.json', () => {
  test('when the keys are fetched, then one RS256 signing key is published, cacheable for five minutes', async () => {
    const response = await auth.get('/auth/jwks.json');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.body.keys).toEqual([{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: expect.any(String), alg: 'RS256', use: 'sig' }]);
  });

  test('when an issued access token is verified with the published keys, then it carries the user, issuer, audience and a 900 s lifetime', async () => {
    const { email, user, tokens } = await registerAndLogIn(auth, 'verify');
    const jwks = (await auth.get('/auth/jwks.json')).body;

    const { payload, protectedHeader } = await jwtVerify(tokens.accessToken, createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
      issuer: 'shop-auth',
      audience: 'shop',
    });

    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: jwks.keys[0].kid });
    expect(payload).toMatchObject({ sub: user.id, email, roles: ['customer'] });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  test('when a token was signed by another instance with another key, then the published keys do not verify it', async () => {
    const stranger = await startAuth();
    const { tokens } = await registerAndLogIn(stranger, 'stranger');
    await stranger.stop();
    const jwks = (await auth.get('/auth/jwks.json')).body;

    const verification = jwtVerify(tokens.accessToken, createLocalJWKSet(jwks), { algorithms: ['RS256'] });

    expect(decodeProtectedHeader(tokens.accessToken).kid).not.toBe(jwks.keys[0].kid);
    await expect(verification).rejects.toThrow();
  });
});
