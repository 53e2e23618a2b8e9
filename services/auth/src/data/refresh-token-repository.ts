import type { Knex } from '@shop/service-kit';
import type { NewRefreshToken, RefreshTokenStore, StoredRefreshToken } from '../domain/refresh-token';

const TABLE = 'refresh_tokens';

interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  family_revoked: boolean;
}

const toRow = (token: NewRefreshToken) => ({
  token_hash: token.tokenHash,
  user_id: token.userId,
  family_id: token.familyId,
  expires_at: token.expiresAt,
});

export class RefreshTokenRepository implements RefreshTokenStore {
  constructor(private readonly db: Knex) {}

  /**
   * `family_revoked` also catches a successor inserted by a rotation that committed just after its family was revoked
   * (the revoking UPDATE could not see it): the family's older, revoked rows still condemn it.
   */
  async findByHash(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = (await this.db(`${TABLE} as t`)
      .select('t.id', 't.user_id', 't.family_id', 't.expires_at', 't.used_at', 't.revoked_at')
      .select(this.db.raw(`exists (select 1 from ${TABLE} f where f.family_id = t.family_id and f.revoked_at is not null) as family_revoked`))
      .where('t.token_hash', tokenHash)
      .first()) as RefreshTokenRow | undefined;
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        familyId: row.family_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        revokedAt: row.revoked_at,
        familyRevoked: row.family_revoked,
      }
    );
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.db(TABLE).insert(toRow(token));
  }

  /** The conditional UPDATE is the arbiter between concurrent refreshes with one token: only one of them gets the row. */
  async rotate(usedId: string, successor: NewRefreshToken): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const used = await trx(TABLE).where({ id: usedId }).whereNull('used_at').whereNull('revoked_at').update({ used_at: trx.fn.now() }).returning('id');
      if (used.length === 0) return false;
      await trx(TABLE).insert(toRow(successor));
      return true;
    });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db(TABLE).where({ family_id: familyId }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() });
  }
}
