import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('orders', (table) => {
    table.uuid('id').primary();
    table.uuid('user_id').notNullable().index();
    table.text('customer_email').notNullable();
    table.text('status').notNullable();
    table.integer('total_cents').notNullable();
    table.text('currency').notNullable();
    table.jsonb('shipping_address').notNullable();
    // A test token or a processor's payment-method reference; never card data.
    table.text('payment_token').notNullable();
    table.text('coupon_code');
    table.text('cancel_reason');
    table.timestamp('cancel_requested_at', { useTz: true });
    table.timestamp('workflow_started_at', { useTz: true });
    table.timestamp('cancel_workflow_started_at', { useTz: true });
    table.timestamp('workflow_purged_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table orders add constraint orders_status_valid check (status in ('PENDING','CONFIRMED','SHIPPED','DELIVERED','CANCELLED'))`);
  await knex.raw('alter table orders add constraint orders_total_not_negative check (total_cents >= 0)');
  await knex.raw(`create index orders_awaiting_workflow on orders (created_at) where workflow_started_at is null and status = 'PENDING'`);

  await knex.schema.createTable('order_items', (table) => {
    table.uuid('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
    table.uuid('product_id').notNullable();
    table.text('sku').notNullable();
    table.text('name').notNullable();
    table.integer('quantity').notNullable();
    table.integer('price_cents').notNullable();
    table.primary(['order_id', 'product_id']);
  });
  await knex.raw('alter table order_items add constraint order_items_quantity_positive check (quantity > 0)');
  await knex.raw('alter table order_items add constraint order_items_price_not_negative check (price_cents >= 0)');

  await knex.schema.createTable('order_status_history', (table) => {
    table.bigIncrements('id');
    table.uuid('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE').index();
    table.text('status').notNullable();
    table.text('reason');
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_status_history');
  await knex.schema.dropTable('order_items');
  await knex.schema.dropTable('orders');
}
