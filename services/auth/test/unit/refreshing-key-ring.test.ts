import { generateKeyPairSync } from 'node:crypto';
import { createLogger } from '@shop/service-kit';
import { decodeProtectedHeader } from 'jose';
import { RefreshingKeyRing } from '../../src/crypto/refreshing-key-ring';
import { SigningKeySet, type KeySetSecrets } from '../../src/crypto/signing-key-set';
import { accessTokenClaims } from '../../src/domain/access-token';

const user = { id: '5d2e8f0a-1b3c-4d5e-8f9a-0b1c2d3e4f50', email: 'ada@example.com', roles: ['customer' as const] };
const privatePem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A secret store whose answer the test changes, and a log that keeps what was said. */
function ringOver(initial: KeySetSecrets) {
  let answer: () => Promise<KeySetSecrets> = async () => initial;
  const errors: { err?: Error }[] = [];
  const log = createLogger('key-ring-test', 'silent');
  log.error = ((fields: { err?: Error }) => void errors.push(fields)) as typeof log.error;
  return {
    errors,
    storeHolds: (secrets: KeySetSecrets) => (answer = async () => secrets),
    storeFails: (error: Error) => (answer = async () => Promise.reject(error)),
    ring: async () => new RefreshingKeyRing(await SigningKeySet.fromSecrets(initial), { load: () => answer(), intervalMs: 60_000, log }),
  };
}

describe('refreshing key ring', () => {
  test('when the store holds a rotated set, then after a refresh new tokens carry the new kid and both keys are published', async () => {
    const [oldPem, newPem] = [privatePem(), privatePem()];
    const store = ringOver({ currentPem: oldPem });
    const ring = await store.ring();
    const oldKid = ring.publicKeys().keys[0]!.kid;
    store.storeHolds({ currentPem: newPem, previousKeys: JSON.stringify([oldPem]) });

    const outcome = await ring.refresh();

    const newKid = (await SigningKeySet.fromSecrets({ currentPem: newPem })).currentKid;
    expect(outcome).toBe('changed');
    expect(decodeProtectedHeader(await ring.sign(accessTokenClaims(user, new Date(), 900))).kid).toBe(newKid);
    expect(ring.publicKeys().keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
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
    expect(store.errors).toHaveLength(1);
    expect(store.errors[0]?.err?.message).toMatch(/^jwt-previous-keys\[0\] is not a usable verification key/);
  });

  test('when the store cannot be read, then the refresh fails and no key is dropped', async () => {
    const store = ringOver({ currentPem: privatePem(), previousKeys: JSON.stringify([privatePem()]) });
    const ring = await store.ring();
    const before = ring.publicKeys().keys.map((key) => key.kid);
    store.storeFails(new Error('sidecar unavailable'));

    const outcome = await ring.refresh();

    expect(outcome).toBe('failed');
    expect(ring.publicKeys().keys.map((key) => key.kid)).toEqual(before);
    expect(store.errors).toHaveLength(1);
  });

  test('when the store holds the same keys, then the refresh changes nothing', async () => {
    const secrets = { currentPem: privatePem(), previousKeys: JSON.stringify([privatePem()]) };
    const ring = await ringOver(secrets).ring();

    const outcome = await ring.refresh();

    expect(outcome).toBe('unchanged');
  });
});
