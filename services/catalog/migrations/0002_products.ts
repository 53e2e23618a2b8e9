import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table products (
      id uuid primary key default gen_random_uuid(),
      sku text not null check (char_length(sku) between 1 and 64),
      name text not null check (char_length(name) between 1 and 200),
      description text not null default '',
      price_cents integer not null check (price_cents > 0 and price_cents <= 100000000),
      currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
      category_id uuid not null references categories (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      search_vector tsvector generated always as (
        setweight(to_tsvector('simple', name), 'A') ||
        setweight(to_tsvector('simple', sku), 'A') ||
        setweight(to_tsvector('simple', description), 'B')
      ) stored
    )`);
  // Deleted products keep their row (past orders refer to them) but give their sku back.
  await knex.raw('create unique index products_sku_unique on products (lower(sku)) where deleted_at is null');
  await knex.raw('create index products_search_vector_index on products using gin (search_vector)');
  await knex.raw('create index products_category_id_index on products (category_id) where deleted_at is null');
  await knex.raw('create index products_name_index on products (name, id) where deleted_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table products');
}
