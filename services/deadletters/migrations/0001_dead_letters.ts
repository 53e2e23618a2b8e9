import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dead_letters', (table) => {
    table.uuid('id').primary();
    // One record per event and original topic: another arrival of the same event is counted on it.
    table.text('event_id').notNullable();
    table.text('topic').notNullable();
    table.unique(['event_id', 'topic'], { indexName: 'dead_letters_event_topic_unique' });
    table.text('type');
    table.text('source');
    // The CloudEvent as it reached the dead-letter topic, attributes and data, replayed as it is. json, not jsonb: the
    // text is kept as it came (key order, numbers), and json accepts the \u0000 escapes that jsonb refuses.
    table.json('event').notNullable();
    table.text('status').notNullable();
    table.integer('times_received').notNullable();
    table.timestamp('first_received_at', { useTz: true }).notNullable();
    table.timestamp('last_received_at', { useTz: true }).notNullable();
    table.integer('replay_count').notNullable().defaultTo(0);
    table.timestamp('replayed_at', { useTz: true });
    table.timestamp('discarded_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table dead_letters
      add constraint dead_letters_status_known check (status in ('pending', 'replayed', 'discarded')),
      add constraint dead_letters_times_received check (times_received >= 1),
      add constraint dead_letters_received_order check (last_received_at >= first_received_at),
      add constraint dead_letters_replay_count check (replay_count >= 0),
      add constraint dead_letters_replayed_at check ((replay_count > 0) = (replayed_at is not null)),
      add constraint dead_letters_replayed_status check (status <> 'replayed' or replay_count > 0),
      add constraint dead_letters_discarded_at check ((status = 'discarded') = (discarded_at is not null))
  `);
  // The list: newest arrival first, optionally by status or topic.
  await knex.raw('create index dead_letters_newest on dead_letters (last_received_at desc, id desc)');
  await knex.raw('create index dead_letters_status_newest on dead_letters (status, last_received_at desc, id desc)');
  await knex.raw('create index dead_letters_topic_newest on dead_letters (topic, last_received_at desc, id desc)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dead_letters');
}
