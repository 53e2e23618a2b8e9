import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createLogger } from '@shop/service-kit';
import { decodeProtectedHeader } from 'jose';
import { RefreshingKeyRing } from '../../src/crypto/refreshing-key-ring';
import { SigningKeySet, type KeySetSecrets } from '../../src/crypto/signing-key-set';
import { accessTokenClaims } from '../../src/domain/access-token';

const user = { id: '5d2e8f0a-1b3c-4d5e-8f9a-0b1c2d3e4f50', email: 'ada@example.com', roles: ['customer' as const] };
const privatePem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
const kidOf = async (pem: string) => (await SigningKeySet.fromSecrets({ currentPem: pem })).currentKid;
const ACTIVATION_DELAY_MS = 95_000;

/** A secret store whose answer the test changes, a clock it moves, and a log that keeps the errors. */
function ringOver(initial: KeySetSecrets, activationDelayMs = ACTIVATION_DELAY_MS) {
  let answer: () => Promise<KeySetSecrets> = async () => initial;
  let now = Date.parse('2030-01-01T00:00:00Z');
  const errors: { err?: Error }[] = [];
  const log = createLogger('key-ring-test', 'silent');
  log.error = ((fields: { err?: Error }) => void errors.push(fields)) as typeof log.error;
  return {
    errors,
    storeHolds: (secrets: KeySetSecrets) => (answer = async () => secrets),
    storeFails: (error: Error) => (answer = async () => Promise.reject(error)),
    letTimePass: (ms: number) => (now += ms),
    ring: async () =>
      new RefreshingKeyRing(await SigningKeySet.fromSecrets(initial), { load: () => answer(), intervalMs: 60_000, activationDelayMs, log, clock: () => now }),
  };
}

const signingKid = async (ring: RefreshingKeyRing) => decodeProtectedHeader(await ring.sign(accessTokenClaims(user, new Date(), 900))).kid;
const publishedKids = (ring: RefreshingKeyRing) => ring.publicKeys().keys.map((key) => key.kid);

describe('refreshing key ring', () => {
  test('when the store holds a rotated set, then both keys are published at once, the current one first', async () => {
    const [oldPem, newPem] = [privatePem(), privatePem()];
    const store = ringOver({ currentPem: oldPem });
    const ring = await store.ring();
    store.storeHolds({ currentPem: newPem, previousKeys: JSON.stringify([publicPem(oldPem)]) });

    const outcome = await ring.refresh();

    expect(outcome).toBe('changed');
    expect(publishedKids(ring)).toEqual([await kidOf(newPem), await kidOf(oldPem)]);
  });

  test('when a rotated key was published less than the activation delay ago, then the retired key still signs; after it, the new one', async () => {
    const [oldPem, newPem] = [privatePem(), privatePem()];
    const store = ringOver({ currentPem: oldPem });
    const ring = await store.ring();
    store.storeHolds({ currentPem: newPem, previousKeys: JSON.stringify([publicPem(oldPem)]) });
    await ring.refresh();

    store.letTimePass(ACTIVATION_DELAY_MS - 1);
    const justBefore = await signingKid(ring);
    store.letTimePass(1);
    const atActivation = await signingKid(ring);

    expect(justBefore).toBe(await kidOf(oldPem));
    expect(atActivation).toBe(await kidOf(newPem));
  });

  test('when the key that signs is removed from the set (revoked, not retired), then it stops signing at once', async () => {
    const [leakedPem, newPem] = [privatePem(), privatePem()];
    const store = ringOver({ currentPem: leakedPem });
    const ring = await store.ring();
    store.storeHolds({ currentPem: newPem });

    await ring.refresh();

    expect(await signingKid(ring)).toBe(await kidOf(newPem));
    expect(publishedKids(ring)).toEqual([await kidOf(newPem)]);
  });

  test('when the activation delay is zero, then the new key signs as soon as it is published', async () => {
    const [oldPem, newPem] = [privatePem(), privatePem()];
    const store = ringOver({ currentPem: oldPem }, 0);
    const ring = await store.ring();
    store.storeHolds({ currentPem: newPem, previousKeys: JSON.stringify([publicPem(oldPem)]) });

    await ring.refresh();

    expect(await signingKid(ring)).toBe(await kidOf(newPem));
  });

  test('when the store holds a malformed previous key, then the refresh fails, the old set stays and an error is logged', async () => {
    const pem = privatePem();
    const store = ringOver({ currentPem: pem });
    const ring = await store.ring();
    const before = ring.publicKeys();
    store.storeHolds({ currentPem: privatePem(), previousKeys: '["not a pem"]' });

    const outcome = await ring.refresh();

    expect(outcome).toBe('failed');
    expect(ring.publicKeys()).toEqual(before);
    expect(await signingKid(ring)).toBe(await kidOf(pem));
    expect(store.errors).toHaveLength(1);
    expect(store.errors[0]?.err?.message).toMatch(/^jwt-previous-keys\[0\] is not a usable verification key/);
  });

  test('when the store cannot be read, then the refresh fails and no key is dropped', async () => {
    const store = ringOver({ currentPem: privatePem(), previousKeys: JSON.stringify([privatePem()]) });
    const ring = await store.ring();
    const before = publishedKids(ring);
    store.storeFails(new Error('sidecar unavailable'));

    const outcome = await ring.refresh();

    expect(outcome).toBe('failed');
    expect(publishedKids(ring)).toEqual(before);
    expect(store.errors).toHaveLength(1);
  });

  test('when the store holds the same keys, then the refresh changes nothing', async () => {
    const secrets = { currentPem: privatePem(), previousKeys: JSON.stringify([privatePem()]) };
    const ring = await ringOver(secrets).ring();

    const outcome = await ring.refresh();

    expect(outcome).toBe('unchanged');
  });
});
