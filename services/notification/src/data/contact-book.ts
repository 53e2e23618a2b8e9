import type { Knex } from '@shop/service-kit';
import type { ContactBook } from '../domain/ports';

interface ContactRow {
  email: string | null;
  phone: string | null;
}

export function createContactBook(db: Knex): ContactBook {
  return {
    async remember(userId, { email, phone }, learnedAt) {
      // Events arrive out of order; only a newer one may replace what is known.
      await db.raw(
        `insert into contacts (user_id, email, phone, learned_at) values (?, ?, ?, ?)
         on conflict (user_id) do update
           set email = coalesce(excluded.email, contacts.email),
               phone = coalesce(excluded.phone, contacts.phone),
               learned_at = excluded.learned_at
         where contacts.learned_at <= excluded.learned_at`,
        [userId, email ?? null, phone ?? null, learnedAt],
      );
    },

    async find(userId) {
      const row: ContactRow | undefined = await db('contacts').select('email', 'phone').where({ user_id: userId }).first();
      if (!row) return undefined;
      return { ...(row.email ? { email: row.email } : {}), ...(row.phone ? { phone: row.phone } : {}) };
    },
  };
}
