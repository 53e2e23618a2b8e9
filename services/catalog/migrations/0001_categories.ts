import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table categories (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      parent_id uuid references categories (id),
      created_at timestamptz not null default now()
    )`);
  // Sibling names are unique ignoring case; root categories (parent_id null) are siblings of each other too.
  await knex.raw(`
    create unique index categories_sibling_name_unique
      on categories (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`);
  await knex.raw('create index categories_parent_id_index on categories (parent_id)');
  await knex.raw('create index categories_name_index on categories (name, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table categories');
}
