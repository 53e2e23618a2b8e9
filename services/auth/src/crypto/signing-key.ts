import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import type { AccessTokenClaims, AccessTokenSigner, PublicSigningKey } from '../domain/access-token';

const MIN_MODULUS_BITS = 2048;

/** The RS256 key access tokens are signed with; its `kid` is the RFC 7638 thumbprint of the public half. */
export class SigningKey implements AccessTokenSigner {
  private constructor(private readonly privateKey: KeyObject, readonly publicKey: PublicSigningKey) {}

  static async fromPem(pem: string): Promise<SigningKey> {
    const privateKey = createPrivateKey(pem);
    const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (privateKey.asymmetricKeyType !== 'rsa' || bits < MIN_MODULUS_BITS) {
      throw new Error(`the JWT signing key must be an RSA private key of at least ${MIN_MODULUS_BITS} bits`);
    }
    const { n, e } = await exportJWK(createPublicKey(privateKey));
    if (!n || !e) throw new Error('the JWT signing key has no RSA modulus or exponent');
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
    return new SigningKey(privateKey, { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' });
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicKey.kid }).sign(this.privateKey);
  }

  publicKeys(): { keys: PublicSigningKey[] } {
    return { keys: [this.publicKey] };
  }
}
