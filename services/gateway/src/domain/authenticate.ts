import { AppError } from '@shop/service-kit';
import type { Identity } from './identity';

/** Verifies an access token and returns who it names; throws for any token that is not valid right now. */
export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

/**
 * No Authorization header → anonymous (the route decides whether that is enough). A header that is present but not a
 * valid bearer token is always rejected, even on public routes: a client sending a bad token has a bug to learn about.
 */
export async function authenticate(authorization: string | undefined, verifier: TokenVerifier): Promise<Identity | undefined> {
  if (!authorization) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)$/i.exec(authorization.trim());
  if (!match) throw AppError.unauthenticated('the Authorization header must be "Bearer <access token>"');
  return verifier.verify(match[1]!);
}
