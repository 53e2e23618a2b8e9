import type { Knex } from '@shop/service-kit';
import type { Profiles } from '../domain/ports';
import type { NewProfile, Profile, ProfilePatch, Registration } from '../domain/profile';

interface ProfileRow {
  user_id: string;
  email: string;
  name: string;
  phone: string | null;
  updated_at: Date;
}

const toProfile = (row: ProfileRow): Profile => ({ userId: row.user_id, email: row.email, name: row.name, phone: row.phone, updatedAt: row.updated_at });

/** Works on the pool or inside a transaction, whichever it is given. */
export class ProfileRepository implements Profiles {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async find(userId: string): Promise<Profile | undefined> {
    const row = (await this.db('profiles').where({ user_id: userId }).first()) as ProfileRow | undefined;
    return row ? toProfile(row) : undefined;
  }

  async ensure(profile: NewProfile): Promise<Profile> {
    await this.db('profiles')
      .insert({ user_id: profile.userId, email: profile.email, name: profile.name, provisional: true })
      .onConflict('user_id')
      .ignore();
    const stored = await this.find(profile.userId);
    if (!stored) throw new Error(`profile ${profile.userId} vanished right after it was ensured`);
    return stored;
  }

  async lock(userId: string): Promise<void> {
    await this.db('profiles').where({ user_id: userId }).forUpdate().select('user_id');
  }

  async update(userId: string, patch: ProfilePatch): Promise<Profile> {
    const [row] = (await this.db('profiles')
      .where({ user_id: userId })
      .update({
        // A name the customer chose is final: a late registration must not replace it.
        ...(patch.name !== undefined ? { name: patch.name, provisional: false } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        updated_at: this.db.fn.now(),
      })
      .returning('*')) as ProfileRow[];
    if (!row) throw new Error(`profile ${userId} does not exist`);
    return toProfile(row);
  }

  async recordRegistration(registration: Registration): Promise<boolean> {
    const result = await this.db.raw<{ rows: unknown[] }>(
      `insert into profiles (user_id, email, name, provisional, created_at, updated_at)
       values (?, ?, ?, false, ?, ?)
       on conflict (user_id) do update
         set email = excluded.email, name = excluded.name, provisional = false,
             updated_at = greatest(profiles.updated_at, excluded.updated_at)
         where profiles.provisional or profiles.updated_at < excluded.updated_at
       returning user_id`,
      [registration.userId, registration.email, registration.name, registration.registeredAt, registration.registeredAt],
    );
    return result.rows.length > 0;
  }
}
