import { createInboxTable, INBOX_TABLE, type Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await createInboxTable(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable(INBOX_TABLE);
}
