import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table contacts (
      user_id uuid primary key,
      email text,
      phone text,
      learned_at timestamptz not null
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table contacts');
}
