import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import type { AccessTokenClaims, PublicSigningKey } from '../domain/access-token';

const MIN_MODULUS_BITS = 2048;

/** The RS256 key access tokens are signed with; its `kid` is the RFC 7638 thumbprint of the public half. */
export class SigningKey {
  private constructor(private readonly privateKey: KeyObject, readonly publicKey: PublicSigningKey) {}

  static async fromPem(pem: string): Promise<SigningKey> {
    const privateKey = parseKey(() => createPrivateKey(pem), 'the JWT signing key is not a PEM private key');
    if (!isStrongRsa(privateKey)) throw new Error(`the JWT signing key must be an RSA private key of at least ${MIN_MODULUS_BITS} bits`);
    return new SigningKey(privateKey, await publishedKeyOf(createPublicKey(privateKey)));
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicKey.kid }).sign(this.privateKey);
  }
}

/**
 * A retired key, kept only to verify the tokens it signed until they expire: a public PEM (what the rotation command
 * stores) or the old private PEM (what an operator moving the key by hand has at hand); only the public half is kept.
 */
export async function verificationKeyFromPem(pem: string): Promise<PublicSigningKey> {
  const publicKey = parseKey(() => createPublicKey(pem), 'not a PEM public or private key');
  if (!isStrongRsa(publicKey)) throw new Error(`must be an RSA key of at least ${MIN_MODULUS_BITS} bits`);
  return publishedKeyOf(publicKey);
}

function parseKey(parse: () => KeyObject, problem: string): KeyObject {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${problem} (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isStrongRsa(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_MODULUS_BITS;
}

/** Only n and e are published: the thumbprint is computed over exactly those, so every replica derives the same kid. */
async function publishedKeyOf(publicKey: KeyObject): Promise<PublicSigningKey> {
  const { n, e } = await exportJWK(publicKey);
  if (!n || !e) throw new Error('the RSA key has no modulus or exponent');
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  return { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' };
}
