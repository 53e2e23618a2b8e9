import { generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import { componentConfig } from '../../../../test/component-setup/harness';
import { startOwnSidecar, type OwnSidecar } from '../../../../test/component-setup/own-sidecar';
import { gatewayConfigSchema } from '../../src/config';
import { componentRedisUrl } from './start-gateway';
import { JWKS_COOLDOWN_MS } from '../../src/data/jwks-token-verifier';
import { createGatewayService, type GatewayService } from '../../src/service';

/**
 * The gateway in-process, fetching the JWKS through a real daprd from an app called `auth`: here a stand-in that
 * publishes the keys a test chooses, counts the fetches, and echoes the identity the gateway forwards.
 */
interface TestKey {
  kid: string;
  jwk: JWK;
  privateKey: KeyObject;
}

/**
 * Off the event loop: this process also serves the stand-in, and a loop blocked by key generation misses daprd's app
 * health probes, after which daprd refuses to invoke it.
 */
async function newKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const { n, e } = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: n!, e: e! }, 'sha256');
  return { kid, privateKey, jwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } };
}

const tokenSignedBy = (key: TestKey, userId: string = randomUUID()) =>
  new SignJWT({ email: 'rollover@example.test', roles: ['customer'] })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setSubject(userId)
    .setIssuer('shop-auth')
    .setAudience('shop')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(key.privateKey);

const jwksSource = { published: [] as TestKey[], fetches: 0, failing: false };
let authStandIn: Server;
let sidecar: OwnSidecar;
let gateway: GatewayService | undefined;

/** jose times its cooldown with Date.now(); moving that clock is how a test lets the cooldown pass without waiting. */
let clockOffsetMs = 0;
const realNow = Date.now.bind(Date);
const letTimePass = (ms: number) => (clockOffsetMs += ms);

async function startGateway(): Promise<string> {
  const config = componentConfig(gatewayConfigSchema, 'gateway', {
    DAPR_HTTP_PORT: String(sidecar.httpPort),
    // A Redis database of its own: refused tokens spend 127.0.0.1's budget, which the rate-limit suite counts beside it.
    REDIS_URL: componentRedisUrl(3),
    RATE_LIMIT_PER_MINUTE: '10000',
    READINESS_APPS: '',
    OPS_PORT: '0',
  });
  gateway = createGatewayService(config);
  await gateway.start();
  return `http://127.0.0.1:${gateway.port()}`;
}

async function whoami(gatewayUrl: string, token: string): Promise<{ status: number; contentType: string | null; userId?: string }> {
  // Logout is auth's one operation that needs a verified caller: the stand-in echoes who the gateway says it is.
  const response = await fetch(`${gatewayUrl}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { userId?: string };
  return { status: response.status, contentType: response.headers.get('content-type'), ...(body.userId ? { userId: body.userId } : {}) };
}

beforeAll(async () => {
  authStandIn = createServer((request, response) => {
    if (request.url === '/auth/jwks.json') {
      jwksSource.fetches += 1;
      response.writeHead(jwksSource.failing ? 500 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(jwksSource.failing ? { status: 500 } : { keys: jwksSource.published.map((key) => key.jwk) }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ userId: request.headers['x-user-id'] }));
  });
  await new Promise<void>((resolve) => authStandIn.listen(0, '127.0.0.1', resolve));
  sidecar = await startOwnSidecar({ appId: 'auth', appPort: (authStandIn.address() as AddressInfo).port });
});

afterAll(async () => {
  await sidecar?.stop();
  await new Promise((resolve) => authStandIn?.close(resolve));
});

beforeEach(() => {
  clockOffsetMs = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffsetMs);
  Object.assign(jwksSource, { published: [], failing: false });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await gateway?.stop();
  gateway = undefined;
});

describe('JWT key rollover at the gateway', () => {
  test('when a token names a kid the cached JWKS lacks, then the gateway refetches once and accepts it', async () => {
    const [old, rotated] = [await newKey(), await newKey()];
    jwksSource.published = [old];
    const url = await startGateway();
    const userId = randomUUID();
    expect((await whoami(url, await tokenSignedBy(old))).status).toBe(200);
    const fetchesBefore = jwksSource.fetches;
    jwksSource.published = [rotated, old];
    letTimePass(JWKS_COOLDOWN_MS + 1);

    const answer = await whoami(url, await tokenSignedBy(rotated, userId));

    expect(answer).toEqual({ status: 200, contentType: expect.stringContaining('application/json'), userId });
    expect(jwksSource.fetches).toBe(fetchesBefore + 1);
    expect((await whoami(url, await tokenSignedBy(old))).status).toBe(200);
    expect(jwksSource.fetches).toBe(fetchesBefore + 1);
  });

  test('when a token names a kid that the refetched JWKS no longer lists, then 401 problem+json', async () => {
    const [dropped, current] = [await newKey(), await newKey()];
    jwksSource.published = [dropped];
    const url = await startGateway();
    const signedByDropped = await tokenSignedBy(dropped);
    expect((await whoami(url, signedByDropped)).status).toBe(200);
    jwksSource.published = [current];
    letTimePass(JWKS_COOLDOWN_MS + 1);
    expect((await whoami(url, await tokenSignedBy(current))).status).toBe(200);

    const answer = await whoami(url, signedByDropped);

    expect(answer).toEqual({ status: 401, contentType: expect.stringContaining('application/problem+json') });
  });

  test('when many tokens name unknown kids, then the JWKS is refetched at most once per cooldown', async () => {
    const [known, rotated] = [await newKey(), await newKey()];
    const strangers = await Promise.all([1, 2, 3, 4, 5].map(() => newKey()));
    jwksSource.published = [known];
    const url = await startGateway();
    expect((await whoami(url, await tokenSignedBy(known))).status).toBe(200);
    const fetchesBefore = jwksSource.fetches;
    jwksSource.published = [rotated, known];

    const withinCooldown = await Promise.all([rotated, ...strangers].map(async (key) => (await whoami(url, await tokenSignedBy(key))).status));
    letTimePass(JWKS_COOLDOWN_MS + 1);
    const afterCooldown = await Promise.all([rotated, rotated, rotated, ...strangers].map(async (key) => (await whoami(url, await tokenSignedBy(key))).status));
    const strangersAgain = await Promise.all(strangers.map(async (key) => (await whoami(url, await tokenSignedBy(key))).status));

    expect(withinCooldown).toEqual([401, 401, 401, 401, 401, 401]);
    expect(afterCooldown).toEqual([200, 200, 200, 401, 401, 401, 401, 401]);
    expect(strangersAgain).toEqual([401, 401, 401, 401, 401]);
    expect(jwksSource.fetches).toBe(fetchesBefore + 1);
  });

  test('when the JWKS cannot be fetched, then 503 problem+json: the token may be fine, the keys are missing', async () => {
    jwksSource.failing = true;
    const url = await startGateway();

    const answer = await whoami(url, await tokenSignedBy(await newKey()));

    expect(answer).toEqual({ status: 503, contentType: expect.stringContaining('application/problem+json') });
    expect(jwksSource.fetches).toBeGreaterThan(0);
  });
});
