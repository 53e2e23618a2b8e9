import { randomUUID } from 'node:crypto';
import type { NewRefreshToken, RefreshTokenStore, StoredRefreshToken } from '../../../src/domain/refresh-token';

type Row = Omit<StoredRefreshToken, 'familyRevoked'> & { tokenHash: string };

/** The refresh-token port kept in memory, with the same rules the repository enforces in SQL. */
export class InMemoryRefreshTokens implements RefreshTokenStore {
  readonly rows: Row[] = [];
  /** Lets a test make the next rotate() lose, as when a concurrent request used the token first. */
  loseNextRotation = false;

  async findByHash(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return row && { ...row, familyRevoked: this.rows.some((r) => r.familyId === row.familyId && r.revokedAt) };
  }

  async insert(token: NewRefreshToken): Promise<void> {
    this.rows.push({ ...token, id: randomUUID(), usedAt: null, revokedAt: null });
  }

  async rotate(usedId: string, successor: NewRefreshToken): Promise<boolean> {
    const row = this.rows.find((r) => r.id === usedId);
    if (this.loseNextRotation || !row || row.usedAt || row.revokedAt) return false;
    row.usedAt = new Date();
    await this.insert(successor);
    return true;
  }

  async revokeFamily(familyId: string): Promise<void> {
    for (const row of this.rows) if (row.familyId === familyId) row.revokedAt ??= new Date();
  }

  family(familyId: string): Row[] {
    return this.rows.filter((r) => r.familyId === familyId);
  }
}
