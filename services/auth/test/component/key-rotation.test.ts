import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  announceSecretsRevision,
  DEFAULT_SIGNING_KEY_OVERLAP_SECONDS,
  ensureLocalSecrets,
  renderFile,
  repoRoot,
  rotateLocalSigningKey,
  secretsRevision,
  writeSecretsAtomically,
} from '@shop/local-platform';
import { createLogger } from '@shop/service-kit';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { startOwnSidecar, type OwnSidecar } from '../../../../test/component-setup/own-sidecar';
import { SigningKey } from '../../src/crypto/signing-key';
import { createAuthService } from '../../src/service';
import { ADMIN_PASSWORD, authConfig, registerAndLogIn, startAuth, type AuthUnderTest } from './auth-under-test';

/**
 * Auth reading its key set through a real daprd from the local file secret store, rendered from the profile's own
 * component file; rotations are made by the same function as `shop-platform rotate-jwt-key`, on that file.
 */
let sidecar: OwnSidecar;
let auth: AuthUnderTest;
let secretsFile: string;
const errors: { err?: Error }[] = [];

const files = () => ({ secretsFile, componentsDir: sidecar.componentsDir });
const fromTheStore = () => ({ JWT_PRIVATE_KEY_PEM: '', DAPR_HTTP_PORT: String(sidecar.httpPort), KEY_SET_REFRESH_SECONDS: '1' });
const jwks = async (instance = auth): Promise<JSONWebKeySet> => (await instance.get('/auth/jwks.json')).body;
const kids = async (instance = auth) => (await jwks(instance)).keys.map((key) => key.kid);
const verifies = async (token: string, instance = auth) =>
  jwtVerify(token, createLocalJWKSet(await jwks(instance)), { algorithms: ['RS256'], issuer: 'shop-auth', audience: 'shop' }).then(
    () => true,
    () => false,
  );

/**
 * The kid of the key the store holds as current now. Every rotation of this file (the other tests' included) reaches
 * the running auth a moment later, when its sidecar and then its key ring have reloaded; a test that relies on which
 * key signs first waits until auth publishes this one, instead of assuming that an earlier rotation has arrived.
 */
const storeCurrentKid = async (): Promise<string> => (await SigningKey.fromPem(JSON.parse(readFileSync(secretsFile, 'utf8'))['jwt-signing-key'])).publicKey.kid;
const inStepWithTheStore = async (): Promise<string> => {
  const current = await storeCurrentKid();
  await eventually('auth in step with the secret store', kids, (now) => now[0] === current);
  return current;
};

/** The sidecar reloads its store and auth its key set on their own time; waiting for what they publish is the check. */
async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

beforeAll(async () => {
  sidecar = await startOwnSidecar({
    appId: 'auth',
    prepare: (componentsDir, dir) => {
      secretsFile = path.join(dir, 'secrets', 'local-secrets.json');
      // The single-key layout every existing local setup has: jwt-signing-key and no jwt-previous-keys.
      ensureLocalSecrets(secretsFile, { 'admin-password': ADMIN_PASSWORD });
      const variables = { SECRETS_FILE: secretsFile, SECRETS_REVISION: secretsRevision(secretsFile) };
      renderFile(path.join(repoRoot, 'components', 'profiles', 'secrets', 'file', 'secretstore.yaml'), path.join(componentsDir, 'secretstore.yaml'), variables);
    },
  });
  const log = createLogger('auth-key-rotation', 'silent');
  log.error = ((fields: { err?: Error }) => void errors.push(fields)) as typeof log.error;
  // No activation delay here, so a new key signs as soon as it is published; the delay has a test of its own.
  auth = await startAuth({ ...fromTheStore(), KEY_ACTIVATION_DELAY_SECONDS: '0' }, { log });
});

afterAll(async () => {
  await auth?.stop();
  await sidecar?.stop();
});

describe('signing key rotation through the secret store', () => {
  test('when the key is rotated, then tokens signed before still verify, new tokens carry the new kid and both keys are published', async () => {
    const before = await inStepWithTheStore();
    const earlier = await registerAndLogIn(auth, 'before-rotation');

    const rotation = rotateLocalSigningKey(files());

    const published = await eventually('the JWKS after the rotation', kids, (now) => now[0] === rotation.currentKid);
    const later = await registerAndLogIn(auth, 'after-rotation');
    expect(published.slice(0, 2)).toEqual([rotation.currentKid, before]);
    expect(rotation.retiredKid).toBe(before);
    expect(decodeProtectedHeader(earlier.tokens.accessToken).kid).toBe(before);
    expect(await verifies(earlier.tokens.accessToken)).toBe(true);
    expect(decodeProtectedHeader(later.tokens.accessToken).kid).toBe(rotation.currentKid);
    expect(await verifies(later.tokens.accessToken)).toBe(true);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
  });

  test('when a rotated key is published, then an instance with an activation delay keeps signing with the retired key', async () => {
    const delayed = await startAuth({ ...fromTheStore(), KEY_ACTIVATION_DELAY_SECONDS: '400' });
    try {
      const [before] = await kids(delayed);

      const rotation = rotateLocalSigningKey(files());

      const published = await eventually('its JWKS after the rotation', () => kids(delayed), (now) => now[0] === rotation.currentKid);
      const { tokens } = await registerAndLogIn(delayed, 'delayed-activation');
      expect(published.slice(0, 2)).toEqual([rotation.currentKid, before]);
      expect(decodeProtectedHeader(tokens.accessToken).kid).toBe(before);
      expect(await verifies(tokens.accessToken, delayed)).toBe(true);
    } finally {
      await delayed.stop();
    }
  });

  test('when a retired key is past the overlap at the next rotation, then it is dropped: no longer published, its tokens no longer verify', async () => {
    // The test before rotated the store too; until auth has that rotation, it would sign with a key older still.
    const oldest = await inStepWithTheStore();
    const signedByOldest = await registerAndLogIn(auth, 'oldest-key');
    const first = rotateLocalSigningKey(files());
    await eventually('the JWKS after the first rotation', kids, (now) => now[0] === first.currentKid);
    const signedByFirst = await registerAndLogIn(auth, 'first-key');
    const afterTheOverlap = new Date(Date.now() + (DEFAULT_SIGNING_KEY_OVERLAP_SECONDS + 1) * 1000);

    const second = rotateLocalSigningKey(files(), { now: afterTheOverlap });

    const published = await eventually('the JWKS after the second rotation', kids, (now) => now[0] === second.currentKid);
    expect(first.retiredKid).toBe(oldest);
    expect(second.droppedKids).toContain(first.retiredKid);
    expect(published).toEqual([second.currentKid, first.currentKid]);
    expect(decodeProtectedHeader(signedByOldest.tokens.accessToken).kid).toBe(first.retiredKid);
    expect(await verifies(signedByOldest.tokens.accessToken)).toBe(false);
    expect(await verifies(signedByFirst.tokens.accessToken)).toBe(true);
  });

  test('when the store holds a malformed previous key, then running auth keeps its keys and logs why, and a new auth refuses to start', async () => {
    const published = await kids();
    const good = readFileSync(secretsFile, 'utf8');
    const errorsBefore = errors.length;
    writeSecretsAtomically(secretsFile, { ...JSON.parse(good), 'jwt-previous-keys': '["-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----"]' });
    announceSecretsRevision(sidecar.componentsDir, secretsRevision(secretsFile));
    try {
      const logged = await eventually('the reload error', async () => errors.slice(errorsBefore), (found) => found.length > 0);
      const starting = createAuthService(authConfig(fromTheStore()));
      const start = starting.start();

      await expect(start).rejects.toThrow(/^jwt-previous-keys\[0\] is not a usable verification key/);
      await starting.stop();
      expect(logged[0]?.err?.message).toMatch(/^jwt-previous-keys\[0\] is not a usable verification key/);
      expect(await kids()).toEqual(published);
      expect((await registerAndLogIn(auth, 'during-bad-store')).tokens.accessToken).toEqual(expect.any(String));
    } finally {
      writeSecretsAtomically(secretsFile, JSON.parse(good));
      announceSecretsRevision(sidecar.componentsDir, secretsRevision(secretsFile));
    }
  });
});
