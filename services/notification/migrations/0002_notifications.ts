import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  // `recipient`, not `to`: TO is a reserved word in SQL.
  await knex.raw(`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      event_id text not null,
      user_id uuid not null,
      channel text not null check (channel in ('email', 'sms')),
      template text not null,
      recipient text not null check (char_length(recipient) between 1 and 320),
      subject text not null,
      body text not null,
      html text,
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      -- One event tells a customer once per channel, whatever happens to its deliveries.
      constraint notifications_one_per_event_and_channel unique (event_id, channel)
    )`);
  await knex.raw('create index notifications_sent_to_user on notifications (user_id, sent_at desc, id) where sent_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table notifications');
}
