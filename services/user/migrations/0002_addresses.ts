import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table addresses (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references profiles (user_id) on delete cascade,
      line1 text not null check (char_length(line1) between 1 and 200),
      line2 text check (char_length(line2) between 1 and 200),
      city text not null check (char_length(city) between 1 and 100),
      postal_code text not null check (char_length(postal_code) between 1 and 20),
      country char(2) not null check (country ~ '^[A-Z]{2}$'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw('create index addresses_of_user on addresses (user_id, created_at desc, id desc)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table addresses');
}
