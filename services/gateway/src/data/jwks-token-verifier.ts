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

/**
 * RS256 only: the allow-list is what rejects `alg: none` and HS256-with-the-public-key forgeries. Keys are cached
 * and refetched when a token names an unknown kid (auth rotated its key), at most once per cooldown.
 */
export class JwksTokenVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwksVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000, headers: options.headers ?? {} });
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
      if (error instanceof errors.JOSEError) throw AppError.unauthenticated('the access token is not valid');
      // The JWKS could not be fetched (auth down): not the caller's fault.
      throw new AppError('unavailable', 'token keys are unavailable, try again shortly');
    }
  }
}
