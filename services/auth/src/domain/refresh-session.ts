import { AppError } from '@shop/service-kit';
import { decideRefresh, hashRefreshToken, mintRefreshToken, type StoredRefreshToken } from './refresh-token';
import { tokenPair, type SessionDeps, type TokenPair } from './session';

/** Trades a refresh token for a new pair in the same family; the presented token is used up. */
export async function refreshSession(presented: string, deps: SessionDeps): Promise<TokenPair> {
  const token = await deps.refreshTokens.findByHash(hashRefreshToken(presented));
  if (!token) throw invalidRefreshToken();
  const decision = decideRefresh(token, deps.clock());
  if (decision === 'reuse') return revokeFamily(token, deps);
  const user = decision === 'rotate' ? await deps.users.findById(token.userId) : undefined;
  if (!user) throw invalidRefreshToken();

  const successor = mintRefreshToken({ userId: user.id, familyId: token.familyId }, deps.clock(), deps.lifetimes.refreshTokenSeconds);
  // Losing this race means a concurrent request used the same token first: that is reuse too.
  if (!(await deps.refreshTokens.rotate(token.id, successor.record))) return revokeFamily(token, deps);
  return tokenPair(user, successor.token, deps);
}

async function revokeFamily(token: StoredRefreshToken, deps: SessionDeps): Promise<never> {
  await deps.refreshTokens.revokeFamily(token.familyId);
  throw invalidRefreshToken();
}

const invalidRefreshToken = () => AppError.unauthenticated('the refresh token is invalid, expired or revoked');
