import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque random strings; only their SHA-256 is stored, so a copy of the database cannot be replayed.
 * Each login starts a family; every refresh uses up one token and adds its successor to the same family.
 */
export interface StoredRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** Any token of the family is revoked (logout or detected reuse): the whole family is dead. */
  familyRevoked: boolean;
}

export interface NewRefreshToken {
  tokenHash: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
}

export interface RefreshTokenStore {
  findByHash(tokenHash: string): Promise<StoredRefreshToken | undefined>;
  insert(token: NewRefreshToken): Promise<void>;
  /** Marks `usedId` used and stores its successor atomically; false when another request used or revoked it first. */
  rotate(usedId: string, successor: NewRefreshToken): Promise<boolean>;
  revokeFamily(familyId: string): Promise<void>;
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A fresh token (32 random bytes, base64url) and the record that stores it without the token itself. */
export function mintRefreshToken(owner: { userId: string; familyId: string }, now: Date, ttlSeconds: number): { token: string; record: NewRefreshToken } {
  const token = randomBytes(32).toString('base64url');
  return { token, record: { ...owner, tokenHash: hashRefreshToken(token), expiresAt: new Date(now.getTime() + ttlSeconds * 1000) } };
}

export type RefreshDecision = 'rotate' | 'reject' | 'reuse';

/**
 * A used token presented again means two parties hold it (a stolen copy or a replay): that is `reuse`, and it outranks
 * expiry because the family's newer tokens may be in the thief's hands.
 */
export function decideRefresh(token: StoredRefreshToken, now: Date): RefreshDecision {
  if (token.revokedAt || token.familyRevoked) return 'reject';
  if (token.usedAt) return 'reuse';
  if (token.expiresAt.getTime() <= now.getTime()) return 'reject';
  return 'rotate';
}
