import { readdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';

export type { Knex };

// BIGINT (int8) and NUMERIC arrive as strings by default; counts and money in this platform fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function createDatabase(connectionString: string, pool = { min: 0, max: 10 }): Knex {
  return knex({ client: 'pg', connection: connectionString, pool, acquireConnectionTimeout: 10_000 });
}

export async function checkDatabase(db: Knex): Promise<void> {
  await db.raw('select 1');
}

const MIGRATION_LOCK_KEY = 741_852_963;

/**
 * Runs a service's forward-only migrations from its `migrations/` folder: compiled `.js` in production, `.ts`
 * under jest. Files are ordered by name (`0001_…`, `0002_…`).
 */
export async function migrate(db: Knex, directory: string): Promise<string[]> {
  const source: Knex.MigrationSource<string> = {
    getMigrations: async () =>
      readdirSync(directory)
        .filter((file) => /^\d+.*\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
        .sort(),
    // Recorded without extension so the compiled and the source form of one migration count as the same one.
    getMigrationName: (file) => file.replace(/\.(js|ts)$/, ''),
    getMigration: async (file) => require(path.join(directory, file)) as Knex.Migration,
  };
  // Replicas (or parallel test workers) starting together race to create knex's bookkeeping tables, and knex fails
  // instead of waiting when another migrator holds its lock. A session advisory lock, held on a connection of its own
  // (so the pool needs at least two), makes them take turns; advisory locks are per database, so per service.
  const lockConnection = (await db.client.acquireConnection()) as pg.Client;
  try {
    await lockConnection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
    return applied;
  } finally {
    await lockConnection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await db.client.releaseConnection(lockConnection);
  }
}
