import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  // One reservation per order: the primary key is what makes a retried (or concurrent) reserve idempotent.
  await knex.raw(`
    create table reservations (
      order_id uuid primary key,
      status text not null check (status in ('reserved', 'committed', 'released', 'expired')),
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      release_reason text
    )`);
  // The sweeper looks only at live reservations past their expiry.
  await knex.raw(`create index reservations_live_expiry on reservations (expires_at) where status = 'reserved'`);
  await knex.raw(`
    create table reservation_items (
      order_id uuid not null references reservations (order_id) on delete cascade,
      product_id uuid not null,
      quantity integer not null check (quantity > 0),
      primary key (order_id, product_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table reservation_items');
  await knex.raw('drop table reservations');
}
