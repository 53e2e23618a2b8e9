import path from 'node:path';
import { standardService, type Logger, type Service } from '@shop/service-kit';
import { inventoryRoutes } from './api/routes';
import type { InventoryConfig } from './config';
import { createCatalogProducts } from './data/catalog-products';
import { inventoryTransactions } from './data/inventory-transactions';
import { lowStockCounter } from './metrics';
import { createStockReader } from './data/stock-repository';
import { RESERVATION_SWEEP_JOB } from './jobs/reservation-sweep-job';

export interface InventoryOverrides {
  log?: Logger;
}

export type InventoryService = Service & { port(): number };

/**
 * start(): database → migrations → outbox relay → HTTP → sweep job registration (in the background).
 * stop(): the reverse: job registration → refuse new work and drain HTTP → relay → database → sidecar client.
 */
export function createInventoryService(config: InventoryConfig, overrides: InventoryOverrides = {}): InventoryService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    jobs: [{ name: RESERVATION_SWEEP_JOB, schedule: config.SWEEP_SCHEDULE }],
    routers: ({ db, outbox, afterEvents, metrics, log, sidecar }) => [
      inventoryRoutes({
        stockReader: createStockReader(db),
        catalog: createCatalogProducts(sidecar, config.CATALOG_APP_ID),
        inTransaction: inventoryTransactions(db, outbox, afterEvents, lowStockCounter(metrics)),
        clock: () => new Date(),
        reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
        sweepBatchSize: config.SWEEP_BATCH_SIZE,
        log,
      }),
    ],
  });
}
