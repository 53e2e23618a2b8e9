import { AppError } from '@shop/service-kit';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { TokenVerifier } from '../domain/authenticate';
import type { Identity } from '../domain/identity';

export interface JwksVerifierOptions {
  /** The auth service's JWKS, reached through this gateway's sidecar (service invocation, never a direct URL). */
  jwksUrl: string;
  /** Headers the JWKS request needs (the gateway's sidecar API token). */
  headers?: Record<string, string>;
  issuer: string;
  audience: string;
}

/** A refetch for an unknown kid waits this long after the previous fetch: forged kids cannot hammer auth. */
export const JWKS_COOLDOWN_MS = 30_000;
/** Keys are refetched at least this often, so a key auth stopped publishing stops verifying within this time. */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/**
 * Failures of the key source, not of the token: the JWKS answer was not 200 (`ERR_JOSE_GENERIC` is what jose throws
 * then), timed out, or was not a usable key set. The caller's token may be fine, so these are 503, not 401.
 */
const KEY_SOURCE_FAILURES = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JWK_INVALID']);

/**
 * RS256 only: the allow-list is what rejects `alg: none` and HS256-with-the-public-key forgeries (it is checked before
 * any key is looked up). jose's remote key set does the rollover: the keys are cached; a token naming a kid the cache
 * lacks (auth rotated its key) triggers one refetch, unless the last fetch was less than the cooldown ago (then the
 * token is refused: 401); a kid auth no longer publishes is refused once a refetch no longer lists it.
 */
export class JwksTokenVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwksVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      timeoutDuration: 5_000,
      headers: options.headers ?? {},
    });
  }

  async verify(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 5,
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [];
      return { userId: payload.sub!, email: typeof payload.email === 'string' ? payload.email : '', roles };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw AppError.unauthenticated('the access token has expired');
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) throw AppError.unauthenticated('the access token is not valid');
      // The JWKS could not be fetched or used (auth down, or answering errors): not the caller's fault.
      throw new AppError('unavailable', 'token keys are unavailable, try again shortly');
    }
  }
}
