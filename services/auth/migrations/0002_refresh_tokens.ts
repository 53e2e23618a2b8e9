import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('refresh_tokens', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // SHA-256 (hex) of the token; the token itself is never stored.
    table.text('token_hash').notNullable().unique({ indexName: 'refresh_tokens_hash_unique' });
    table.uuid('family_id').notNullable().index('refresh_tokens_family');
    table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index('refresh_tokens_user');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(`alter table refresh_tokens add constraint refresh_tokens_expiry_after_creation check (expires_at > created_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refresh_tokens');
}
