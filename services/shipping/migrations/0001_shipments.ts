import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shipments', (table) => {
    table.uuid('id').primary();
    // One shipment per order: a second order.confirmed for the same order (a new event id) finds this slot taken.
    table.uuid('order_id').notNullable().unique({ indexName: 'shipments_order_id_unique' });
    table.uuid('user_id').notNullable();
    table.text('status').notNullable();
    table.text('tracking_number').notNullable().unique({ indexName: 'shipments_tracking_number_unique' });
    table.timestamp('dispatch_after', { useTz: true }).notNullable();
    table.timestamp('shipped_at', { useTz: true });
    table.timestamp('delivered_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table shipments
      add constraint shipments_status_known check (status in ('PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
      add constraint shipments_shipped_at check ((status in ('SHIPPED', 'DELIVERED')) = (shipped_at is not null)),
      add constraint shipments_delivered_at check ((status = 'DELIVERED') = (delivered_at is not null))
  `);
  // The dispatch job's scan: only pending rows, by due time.
  await knex.raw(`create index shipments_due on shipments (dispatch_after) where status = 'PENDING'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shipments');
}
