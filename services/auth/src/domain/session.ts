import { randomUUID } from 'node:crypto';
import { accessTokenClaims, type AccessTokenSigner } from './access-token';
import type { PasswordHasher } from './password';
import { mintRefreshToken, type RefreshTokenStore } from './refresh-token';
import type { User, UserDirectory } from './user';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface TokenLifetimes {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

export interface SessionDeps {
  users: UserDirectory;
  passwords: PasswordHasher;
  refreshTokens: RefreshTokenStore;
  signer: AccessTokenSigner;
  lifetimes: TokenLifetimes;
  clock: () => Date;
}

/** A new session: a new refresh-token family and the first pair of tokens in it. */
export async function startSession(user: User, deps: SessionDeps): Promise<TokenPair> {
  const refresh = mintRefreshToken({ userId: user.id, familyId: randomUUID() }, deps.clock(), deps.lifetimes.refreshTokenSeconds);
  await deps.refreshTokens.insert(refresh.record);
  return tokenPair(user, refresh.token, deps);
}

export async function tokenPair(user: User, refreshToken: string, deps: SessionDeps): Promise<TokenPair> {
  const claims = accessTokenClaims(user, deps.clock(), deps.lifetimes.accessTokenSeconds);
  return { accessToken: await deps.signer.sign(claims), refreshToken, expiresIn: deps.lifetimes.accessTokenSeconds, tokenType: 'Bearer' };
}
