import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  // `provisional`: the row was made from the caller's identity headers before user.registered arrived, so the
  // registration (which carries the name the customer chose) may still replace it.
  await knex.raw(`
    create table profiles (
      user_id uuid primary key,
      email text not null check (char_length(email) <= 254),
      name text not null check (char_length(name) between 1 and 100),
      phone text check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      provisional boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table profiles');
}
