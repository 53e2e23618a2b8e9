import type { Knex } from '@shop/service-kit';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Unique on the stored (lower-case) form; the check keeps every writer to that form, so the index sees all spellings as one.
    table.text('email').notNullable().unique({ indexName: 'users_email_unique' });
    table.text('name').notNullable();
    table.text('password_hash').notNullable();
    table.specificType('roles', 'text[]').notNullable().defaultTo(knex.raw(`'{customer}'::text[]`));
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table users
      add constraint users_email_lower_case check (email = lower(email)),
      add constraint users_name_length check (char_length(name) between 1 and 100),
      add constraint users_roles_known check (cardinality(roles) > 0 and roles <@ array['customer', 'admin']::text[])
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
