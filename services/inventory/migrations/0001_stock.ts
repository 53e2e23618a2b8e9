import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  // The invariants hold even if a code path forgets them: stock is never negative and never promised twice.
  await knex.raw(`
    create table stock (
      product_id uuid primary key,
      on_hand integer not null default 0 check (on_hand >= 0),
      reserved integer not null default 0 check (reserved >= 0),
      low_stock_threshold integer not null default 5 check (low_stock_threshold >= 0),
      version integer not null default 0,
      updated_at timestamptz not null default now(),
      constraint stock_reserved_within_on_hand check (reserved <= on_hand)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table stock');
}
