import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { parsePreviousKeys, SigningKeySet } from '../../src/crypto/signing-key-set';
import { accessTokenClaims } from '../../src/domain/access-token';

const user = { id: '0b6f3c1e-2d4a-4b8e-9f10-3a5c7e9b1d22', email: 'grace@example.com', roles: ['customer' as const] };
const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = (pair: ReturnType<typeof rsaPair>) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pair: ReturnType<typeof rsaPair>) => pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const thumbprintOf = async (pair: ReturnType<typeof rsaPair>) => calculateJwkThumbprint(await exportJWK(pair.publicKey), 'sha256');

describe('signing key set', () => {
  test('when only jwt-signing-key is in the store (the single-key layout), then the set is that key alone', async () => {
    const pair = rsaPair();

    const keys = await SigningKeySet.fromSecrets({ currentPem: privatePem(pair) });

    expect(keys.currentKid).toBe(await thumbprintOf(pair));
    expect(keys.previousKids).toEqual([]);
    expect(keys.publicKeys().keys.map((key) => key.kid)).toEqual([keys.currentKid]);
  });

  test('when previous keys are listed, then the current key signs and every key is published, the current one first', async () => {
    const [current, retiredByCommand, retiredByHand] = [rsaPair(), rsaPair(), rsaPair()];
    const previousKeys = JSON.stringify([{ pem: publicPem(retiredByCommand), retiredAt: '2030-01-01T00:00:00.000Z' }, privatePem(retiredByHand)]);

    const keys = await SigningKeySet.fromSecrets({ currentPem: privatePem(current), previousKeys });
    const token = await keys.sign(accessTokenClaims(user, new Date(), 900));

    expect(keys.publicKeys().keys.map((key) => key.kid)).toEqual([await thumbprintOf(current), await thumbprintOf(retiredByCommand), await thumbprintOf(retiredByHand)]);
    expect(decodeProtectedHeader(token).kid).toBe(await thumbprintOf(current));
    expect(keys.publicKeys().keys.every((key) => Object.keys(key).sort().join() === 'alg,e,kid,kty,n,use')).toBe(true);
  });

  test('when a token was signed by a key that is now previous, then the published keys still verify it', async () => {
    const [old, next] = [rsaPair(), rsaPair()];
    const before = await SigningKeySet.fromSecrets({ currentPem: privatePem(old) });
    const token = await before.sign(accessTokenClaims(user, new Date(), 900));

    const after = await SigningKeySet.fromSecrets({ currentPem: privatePem(next), previousKeys: JSON.stringify([publicPem(old)]) });

    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(after.publicKeys()), { algorithms: ['RS256'], issuer: 'shop-auth', audience: 'shop' });
    expect(protectedHeader.kid).toBe(before.currentKid);
    expect(after.currentKid).not.toBe(before.currentKid);
  });

  test('when the current key is also listed as previous, or a previous key twice, then each key is published once', async () => {
    const [current, old] = [rsaPair(), rsaPair()];
    const previousKeys = JSON.stringify([publicPem(current), publicPem(old), privatePem(old)]);

    const keys = await SigningKeySet.fromSecrets({ currentPem: privatePem(current), previousKeys });

    expect(keys.publicKeys().keys.map((key) => key.kid)).toEqual([await thumbprintOf(current), await thumbprintOf(old)]);
  });

  test('when a previous key is not a key, then loading fails naming jwt-previous-keys and the entry', async () => {
    const previousKeys = JSON.stringify([publicPem(rsaPair()), '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n']);

    const load = SigningKeySet.fromSecrets({ currentPem: privatePem(rsaPair()), previousKeys });

    await expect(load).rejects.toThrow(/^jwt-previous-keys\[1\] is not a usable verification key: not a PEM public or private key/);
  });

  test('when a previous key is a weak RSA or an EC key, then loading fails naming the entry and the rule', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

    const loadWeak = SigningKeySet.fromSecrets({ currentPem: privatePem(rsaPair()), previousKeys: JSON.stringify([weak]) });
    const loadEc = SigningKeySet.fromSecrets({ currentPem: privatePem(rsaPair()), previousKeys: JSON.stringify([ec]) });

    await expect(loadWeak).rejects.toThrow('jwt-previous-keys[0] is not a usable verification key: must be an RSA key of at least 2048 bits');
    await expect(loadEc).rejects.toThrow('jwt-previous-keys[0] is not a usable verification key: must be an RSA key of at least 2048 bits');
  });

  test('when the current key is not a private key, then loading fails naming jwt-signing-key', async () => {
    const currentPem = publicPem(rsaPair());

    const load = SigningKeySet.fromSecrets({ currentPem });

    await expect(load).rejects.toThrow(/^jwt-signing-key: the JWT signing key is not a PEM private key/);
  });
});

describe('jwt-previous-keys format', () => {
  test('when it is an empty array, then there are no previous keys', () => {
    expect(parsePreviousKeys('[]')).toEqual([]);
  });

  test('when it mixes PEM strings and {pem, retiredAt} objects, then the PEMs come back in order', () => {
    const text = JSON.stringify(['pem-a', { pem: 'pem-b', retiredAt: '2030-01-01T00:00:00Z' }, { pem: 'pem-c' }]);

    expect(parsePreviousKeys(text)).toEqual(['pem-a', 'pem-b', 'pem-c']);
  });

  test.each([
    ['not JSON', '-----BEGIN PUBLIC KEY-----', /^jwt-previous-keys is not JSON/],
    ['a single PEM string', JSON.stringify('pem-a'), /^jwt-previous-keys must be a JSON array/],
    ['an entry without a PEM', JSON.stringify([{ retiredAt: '2030-01-01T00:00:00Z' }]), /must be a JSON array .*\[0/],
    ['a retiredAt that is no date', JSON.stringify([{ pem: 'pem-a', retiredAt: 'yesterday' }]), /must be a JSON array .*\[0\.retiredAt\]/],
  ])('when it is %s, then it is refused with a message naming the secret', (_, text, message) => {
    const parse = () => parsePreviousKeys(text);

    expect(parse).toThrow(message);
  });
});
