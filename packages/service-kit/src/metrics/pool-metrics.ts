import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';

/** The parts of knex's tarn pool the gauges read. */
export interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max?: number;
}

/** Reads the pool at scrape time; a knex whose pool is not created yet (or destroyed) reads as empty. */
export function poolOf(db: Knex): PoolCounts | undefined {
  return (db.client as { pool?: PoolCounts | null }).pool ?? undefined;
}

/**
 * `shop_db_pool_connections{state="used|free|pending"}` and `shop_db_pool_max`, read from the pool at each scrape. A
 * pool whose `used` sits at `max` with `pending` growing is the saturation signal.
 */
export function observeDatabasePool(registry: Registry, pool: () => PoolCounts | undefined): void {
  new Gauge({
    name: 'shop_db_pool_connections',
    help: 'Database pool connections by state: used (checked out), free (idle), pending (acquires waiting for one)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = pool();
      this.set({ state: 'used' }, current?.numUsed() ?? 0);
      this.set({ state: 'free' }, current?.numFree() ?? 0);
      this.set({ state: 'pending' }, current?.numPendingAcquires() ?? 0);
    },
  });
  new Gauge({
    name: 'shop_db_pool_max',
    help: 'The most connections the database pool opens',
    registers: [registry],
    collect() {
      this.set(pool()?.max ?? 0);
    },
  });
}
