import { hashRefreshToken, type RefreshTokenStore } from './refresh-token';

export interface Logout {
  userId: string;
  refreshToken: string;
}

/** Ends the session the refresh token belongs to: its whole family, so no earlier or later token of it works. */
export async function logOut(logout: Logout, deps: { refreshTokens: RefreshTokenStore }): Promise<void> {
  const token = await deps.refreshTokens.findByHash(hashRefreshToken(logout.refreshToken));
  // Unknown tokens and other users' tokens are ignored without a word: the answer must not tell whether they exist.
  if (token?.userId === logout.userId) await deps.refreshTokens.revokeFamily(token.familyId);
}
