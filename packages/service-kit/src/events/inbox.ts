import type { Knex } from 'knex';

export const INBOX_TABLE = 'inbox';

/** For a consuming service's migration: the handled CloudEvent ids, per consumer. */
export async function createInboxTable(db: Knex): Promise<void> {
  await db.schema.createTable(INBOX_TABLE, (table) => {
    table.text('event_id').notNullable();
    table.text('consumer').notNullable();
    table.timestamp('handled_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.primary(['event_id', 'consumer']);
  });
}

/**
 * Runs `effect` once per (event id, consumer): the inbox row and the effect commit together, so a redelivered event
 * finds its row and is skipped, and a crash mid-effect leaves neither behind.
 */
export async function handleOnce(
  db: Knex,
  consumer: string,
  eventId: string,
  effect: (trx: Knex.Transaction) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  return db.transaction(async (trx) => {
    const inserted = await trx(INBOX_TABLE).insert({ event_id: eventId, consumer }).onConflict(['event_id', 'consumer']).ignore().returning('event_id');
    if (inserted.length === 0) return 'duplicate';
    await effect(trx);
    return 'handled';
  });
}
