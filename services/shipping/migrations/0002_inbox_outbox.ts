import { createInboxTable, createOutboxTable, INBOX_TABLE, OUTBOX_TABLE, type Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await createInboxTable(knex);
  await createOutboxTable(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable(OUTBOX_TABLE);
  await knex.schema.dropTable(INBOX_TABLE);
}
