import type { Role, User } from './user';

export const ACCESS_TOKEN_ISSUER = 'shop-auth';
export const ACCESS_TOKEN_AUDIENCE = 'shop';
/** Access tokens cannot be revoked before they expire, so their lifetime bounds how long a stolen one is useful. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;

export interface AccessTokenClaims {
  sub: string;
  email: string;
  roles: Role[];
  iss: typeof ACCESS_TOKEN_ISSUER;
  aud: typeof ACCESS_TOKEN_AUDIENCE;
  iat: number;
  exp: number;
}

/** A public verification key as published in the JWKS. */
export interface PublicSigningKey {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface AccessTokenSigner {
  sign(claims: AccessTokenClaims): Promise<string>;
  /** The keys that verify what this signer signs. */
  publicKeys(): { keys: PublicSigningKey[] };
}

export function accessTokenClaims(user: Pick<User, 'id' | 'email' | 'roles'>, now: Date, ttlSeconds: number): AccessTokenClaims {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new RangeError(`access token lifetime must be 1..${MAX_ACCESS_TOKEN_TTL_SECONDS} seconds, got ${ttlSeconds}`);
  }
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub: user.id,
    email: user.email,
    roles: [...user.roles],
    iss: ACCESS_TOKEN_ISSUER,
    aud: ACCESS_TOKEN_AUDIENCE,
    iat,
    exp: iat + ttlSeconds,
  };
}
