import type { Knex } from '@shop/service-kit';

/** One row per (user, Idempotency-Key): the primary key is what makes ten concurrent POSTs create one order. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (table) => {
    table.uuid('user_id').notNullable();
    table.text('key').notNullable();
    table.text('body_hash').notNullable();
    table.uuid('order_id').notNullable().references('id').inTable('orders');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['user_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
