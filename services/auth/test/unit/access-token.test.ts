import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { SigningKey } from '../../src/crypto/signing-key';
import { SigningKeySet } from '../../src/crypto/signing-key-set';
import { accessTokenClaims, MAX_ACCESS_TOKEN_TTL_SECONDS } from '../../src/domain/access-token';

const user = { id: '6f1c2b9e-8a47-4f3e-9d2a-1b5c7e9f0a11', email: 'ada@example.com', roles: ['customer' as const] };
const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const pemOf = (key: ReturnType<typeof rsaKey>) => key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('access token claims', () => {
  test('when claims are made for a user, then they carry the user, issuer, audience and a lifetime from now', () => {
    const now = new Date('2030-01-01T00:00:00.500Z');

    const claims = accessTokenClaims(user, now, 600);

    expect(claims).toEqual({
      sub: user.id,
      email: user.email,
      roles: ['customer'],
      iss: 'shop-auth',
      aud: 'shop',
      iat: 1_893_456_000,
      exp: 1_893_456_600,
    });
  });

  test('when the lifetime is longer than 900 seconds, then no claims are made', () => {
    const now = new Date();

    const make = () => accessTokenClaims(user, now, MAX_ACCESS_TOKEN_TTL_SECONDS + 1);

    expect(make).toThrow(/1\.\.900 seconds/);
  });

  test('when the lifetime is exactly 900 seconds, then the token expires 900 seconds after it was issued', () => {
    const now = new Date();

    const claims = accessTokenClaims(user, now, 900);

    expect(claims.exp - claims.iat).toBe(900);
  });
});

describe('signing key', () => {
  test('when a token is signed, then its header names RS256 and the RFC 7638 thumbprint of the public key as kid', async () => {
    const pair = rsaKey();
    const key = await SigningKey.fromPem(pemOf(pair));

    const token = await key.sign(accessTokenClaims(user, new Date(), 900));

    const expectedKid = await calculateJwkThumbprint(await exportJWK(pair.publicKey), 'sha256');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: expectedKid });
  });

  test('when a token is verified against the published keys, then it verifies with the issuer and audience', async () => {
    const keys = await SigningKeySet.fromSecrets({ currentPem: pemOf(rsaKey()) });
    const token = await keys.sign(accessTokenClaims(user, new Date(), 900));

    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.publicKeys()), { algorithms: ['RS256'], issuer: 'shop-auth', audience: 'shop' });

    expect(payload).toMatchObject({ sub: user.id, email: user.email, roles: ['customer'] });
    expect(keys.publicKeys().keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: keys.currentKid })]);
    expect(Object.keys(keys.publicKeys().keys[0] ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  test('when the key is not RSA, then it is refused', async () => {
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    const load = SigningKey.fromPem(ecKey);

    await expect(load).rejects.toThrow(/RSA private key of at least 2048 bits/);
  });

  test('when the RSA key is shorter than 2048 bits, then it is refused', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    const load = SigningKey.fromPem(weak);

    await expect(load).rejects.toThrow(/at least 2048 bits/);
  });
});
