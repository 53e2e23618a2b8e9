import path from 'node:path';
import {
  checkDatabase,
  createDatabase,
  createHttpApp,
  createLogger,
  DaprJobRegistration,
  DaprSidecar,
  EventContracts,
  findContractsDirectory,
  listen,
  migrate,
  Outbox,
  OutboxRelay,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import type { InventoryDeps } from './api/handlers';
import { inventoryRoutes } from './api/routes';
import type { InventoryConfig } from './config';
import { inventoryTransactions } from './data/inventory-transactions';
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
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  const sweepJob = new DaprJobRegistration(sidecar.baseUrl, { name: RESERVATION_SWEEP_JOB, schedule: config.SWEEP_SCHEDULE }, log);
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let server: RunningServer | undefined;
  let markShuttingDown: (() => void) | undefined;

  return {
    async start() {
      const database = createDatabase(config.DATABASE_URL);
      db = database;
      const applied = await migrate(database, path.join(__dirname, '../migrations'));
      log.info({ applied }, 'migrations applied');
      if (config.OUTBOX_RELAY_ENABLED) {
        relay = new OutboxRelay({ db: database, publish: (event) => sidecar.publish(event), log });
        relay.start();
      }
      const http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [inventoryRoutes(wireDeps(config, database, log, () => relay?.nudge()))],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      markShuttingDown = http.markShuttingDown;
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'inventory listening');
      if (config.SCHEDULE_JOBS) sweepJob.start();
    },

    async stop() {
      sweepJob.stop();
      markShuttingDown?.();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the inventory service is not listening; call start() first');
      return server.port;
    },
  };
}

function wireDeps(config: InventoryConfig, db: Knex, log: Logger, afterEvents: () => void): InventoryDeps {
  const outbox = new Outbox(config.SERVICE_NAME, new EventContracts(findContractsDirectory()));
  return {
    stockReader: createStockReader(db),
    inTransaction: inventoryTransactions(db, outbox, afterEvents),
    clock: () => new Date(),
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
    sweepBatchSize: config.SWEEP_BATCH_SIZE,
    log,
  };
}
