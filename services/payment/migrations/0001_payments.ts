import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // One row per order is the idempotency guard: charges and refunds race for it with INSERT … ON CONFLICT.
    table.uuid('order_id').notNullable().unique({ indexName: 'payments_order_id_unique' });
    table.uuid('user_id');
    table.integer('amount_cents').notNullable();
    table.text('currency').notNullable();
    table.text('status').notNullable();
    table.text('decline_reason');
    // The simulated card's name only; a payment token is never stored.
    table.text('token_brand');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['user_id', 'created_at'], 'payments_user_created');
    table.index(['created_at'], 'payments_created');
  });
  // A VOIDED row only reserves the order's slot (a refund arrived before any charge): no customer, no money.
  await knex.raw(`
    alter table payments
      add constraint payments_status_known check (status in ('CAPTURED', 'DECLINED', 'REFUNDED', 'VOIDED')),
      add constraint payments_amount check (amount_cents > 0 or (status = 'VOIDED' and amount_cents = 0)),
      add constraint payments_charged_by_someone check (status = 'VOIDED' or (user_id is not null and token_brand is not null)),
      add constraint payments_decline_reason check ((status = 'DECLINED') = (decline_reason is not null)),
      add constraint payments_currency check (currency ~ '^[A-Z]{3}$')
  `);

  await knex.schema.createTable('payment_history', (table) => {
    table.bigIncrements('id').primary();
    table.uuid('payment_id').notNullable().references('id').inTable('payments');
    table.text('status').notNullable();
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('reason');
    table.index(['payment_id', 'id'], 'payment_history_payment');
  });
  await knex.raw(`
    alter table payment_history
      add constraint payment_history_status_known check (status in ('CAPTURED', 'DECLINED', 'REFUNDED', 'VOIDED'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_history');
  await knex.schema.dropTable('payments');
}
