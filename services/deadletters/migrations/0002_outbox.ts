import { createOutboxTable, OUTBOX_TABLE, type Knex } from '@shop/service-kit';

/** Replays are published through the outbox, in the transaction that marks the record replayed. */
export async function up(knex: Knex): Promise<void> {
  await createOutboxTable(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable(OUTBOX_TABLE);
}
