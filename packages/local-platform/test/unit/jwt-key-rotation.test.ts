import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { kidOf, rotateSigningKey, type RetiredSigningKey } from '../../src/secrets';

const privatePem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
const previousOf = (secrets: Record<string, string>) => JSON.parse(secrets['jwt-previous-keys']!) as RetiredSigningKey[];
const now = new Date('2030-06-01T12:00:00.000Z');
const secondsBefore = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('JWT signing key rotation', () => {
  test('when the single-key layout is rotated, then a new key signs and the old one is kept as a public key retired now', () => {
    const old = privatePem();
    const secrets = { 'admin-password': 'kept-as-is', 'jwt-signing-key': old };

    const rotation = rotateSigningKey(secrets, { now, overlapSeconds: 1260 });

    expect(rotation.secrets['jwt-signing-key']).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(rotation.secrets['jwt-signing-key']).not.toBe(old);
    expect(previousOf(rotation.secrets)).toEqual([{ pem: publicPem(old), retiredAt: now.toISOString() }]);
    expect(rotation.secrets['admin-password']).toBe('kept-as-is');
    expect(rotation).toMatchObject({ currentKid: kidOf(rotation.secrets['jwt-signing-key']!), retiredKid: kidOf(old), keptKids: [kidOf(old)], droppedKids: [] });
  });

  test('when previous keys were retired before the overlap, then they are dropped and the younger ones kept', () => {
    const [current, young, old] = [privatePem(), privatePem(), privatePem()];
    const previous = [{ pem: publicPem(young), retiredAt: secondsBefore(1259) }, { pem: publicPem(old), retiredAt: secondsBefore(1260) }];

    const rotation = rotateSigningKey({ 'jwt-signing-key': current, 'jwt-previous-keys': JSON.stringify(previous) }, { now, overlapSeconds: 1260 });

    expect(previousOf(rotation.secrets).map((key) => kidOf(key.pem))).toEqual([kidOf(current), kidOf(young)]);
    expect(rotation.droppedKids).toEqual([kidOf(old)]);
  });

  test('when a previous key was put there by hand as a private PEM, then it is kept as its public half, retired now', () => {
    const [current, byHand] = [privatePem(), privatePem()];

    const rotation = rotateSigningKey({ 'jwt-signing-key': current, 'jwt-previous-keys': JSON.stringify([byHand]) }, { now, overlapSeconds: 1260 });

    expect(previousOf(rotation.secrets)).toEqual([
      { pem: publicPem(current), retiredAt: now.toISOString() },
      { pem: publicPem(byHand), retiredAt: now.toISOString() },
    ]);
  });

  test('when the overlap is zero, then the key retired by this rotation still stays published', () => {
    const current = privatePem();

    const rotation = rotateSigningKey({ 'jwt-signing-key': current }, { now, overlapSeconds: 0 });

    expect(rotation.keptKids).toEqual([kidOf(current)]);
  });

  test.each([
    ['no signing key', () => ({}), /no jwt-signing-key/],
    ['previous keys that are not JSON', () => ({ 'jwt-signing-key': privatePem(), 'jwt-previous-keys': '[oops' }), /jwt-previous-keys is not JSON/],
    ['a previous key without a pem', () => ({ 'jwt-signing-key': privatePem(), 'jwt-previous-keys': '[{"retiredAt":"2030-01-01T00:00:00Z"}]' }), /jwt-previous-keys\[0\] has no pem/],
  ])('when the store has %s, then nothing is rotated and the message says what to fix', (_, secretsInStore, message) => {
    const secrets: Record<string, string> = secretsInStore();

    const rotate = () => rotateSigningKey(secrets, { now, overlapSeconds: 1260 });

    expect(rotate).toThrow(message);
  });

  test('when a kid is computed, then it is the RFC 7638 thumbprint auth puts in its tokens', () => {
    // RFC 7638 section 3.1 example key and thumbprint.
    const jwk = {
      kty: 'RSA',
      e: 'AQAB',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    };

    const kid = kidOf(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString());

    expect(kid).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});
