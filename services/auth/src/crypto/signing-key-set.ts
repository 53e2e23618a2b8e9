import { z } from 'zod';
import type { AccessTokenClaims, AccessTokenSigner, PublicSigningKey } from '../domain/access-token';
import { SigningKey, verificationKeyFromPem } from './signing-key';

/** The secret names; `jwt-signing-key` alone (the single-key layout of earlier setups) is a set with no previous keys. */
export const SIGNING_KEY_SECRET = 'jwt-signing-key';
export const PREVIOUS_KEYS_SECRET = 'jwt-previous-keys';

/** The key set as the secret store holds it. */
export interface KeySetSecrets {
  /** `jwt-signing-key`: the PKCS#8 PEM tokens are signed with now. */
  currentPem: string;
  /** `jwt-previous-keys`, when present: JSON text (see `parsePreviousKeys`). */
  previousKeys?: string;
}

/**
 * `jwt-previous-keys` is JSON text, because a secret value is a string (and the local file store would flatten a
 * JSON array into `jwt-previous-keys:0`, ...): an array whose entries are a PEM, or `{ "pem", "retiredAt" }` as the
 * rotation command writes them. Auth only needs the PEM; `retiredAt` tells the rotation when the key may be dropped.
 */
const RetiredKey = z.union([z.string().min(1), z.object({ pem: z.string().min(1), retiredAt: z.iso.datetime({ offset: true }).optional() })]);
const PreviousKeys = z.array(RetiredKey);

export function parsePreviousKeys(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${PREVIOUS_KEYS_SECRET} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = PreviousKeys.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `[${issue.path.join('.')}] ${issue.message}`).join('; ');
    throw new Error(`${PREVIOUS_KEYS_SECRET} must be a JSON array of PEM strings or {"pem", "retiredAt"} objects: ${where}`);
  }
  return parsed.data.map((entry) => (typeof entry === 'string' ? entry : entry.pem));
}

/**
 * One current key that signs, and the previous keys that only verify, so that tokens signed before a rotation keep
 * verifying until they expire. Every key is published in the JWKS, the current one first.
 */
export class SigningKeySet implements AccessTokenSigner {
  private constructor(readonly current: SigningKey, private readonly previous: PublicSigningKey[]) {}

  /** Throws with the secret and entry at fault: a bad key fails the start (or the reload), never a request later. */
  static async fromSecrets(secrets: KeySetSecrets): Promise<SigningKeySet> {
    const current = await SigningKey.fromPem(secrets.currentPem).catch((error: unknown) => {
      throw new Error(`${SIGNING_KEY_SECRET}: ${reason(error)}`);
    });
    const pems = secrets.previousKeys === undefined ? [] : parsePreviousKeys(secrets.previousKeys);
    const previous: PublicSigningKey[] = [];
    for (const [index, pem] of pems.entries()) {
      const key = await verificationKeyFromPem(pem).catch((error: unknown) => {
        throw new Error(`${PREVIOUS_KEYS_SECRET}[${index}] is not a usable verification key: ${reason(error)}`);
      });
      // A key listed twice, or the current key also listed as previous (a half-done hand rotation), is published once.
      if (key.kid !== current.publicKey.kid && !previous.some((known) => known.kid === key.kid)) previous.push(key);
    }
    return new SigningKeySet(current, previous);
  }

  get currentKid(): string {
    return this.current.publicKey.kid;
  }

  get previousKids(): string[] {
    return this.previous.map((key) => key.kid);
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return this.current.sign(claims);
  }

  publicKeys(): { keys: PublicSigningKey[] } {
    return { keys: [this.current.publicKey, ...this.previous] };
  }

  publishes(kid: string): boolean {
    return this.currentKid === kid || this.previousKids.includes(kid);
  }

  sameKeysAs(other: SigningKeySet): boolean {
    return other.currentKid === this.currentKid && other.previousKids.join() === this.previousKids.join();
  }
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
