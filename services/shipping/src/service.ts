import { randomUUID } from 'node:crypto';
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
  subscriptionRoutes,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import type { ShippingDeps } from './api/handlers';
import { shippingRoutes } from './api/routes';
import type { ShippingConfig } from './config';
import { ShipmentRepository } from './data/shipment-repository';
import { inboxTransactions, shippingTransactions } from './data/shipping-transactions';
import { orderEventSubscriptions } from './events/order-events';
import { SHIPMENT_DISPATCH_JOB } from './jobs/shipment-dispatch-job';

export interface ShippingOverrides {
  log?: Logger;
}

export type ShippingService = Service & { port(): number };

/**
 * start(): database → migrations → outbox relay → HTTP (subscriptions included) → dispatch job registration.
 * stop(): the reverse: job registration → refuse new work and drain HTTP → relay → database → sidecar client.
 */
export function createShippingService(config: ShippingConfig, overrides: ShippingOverrides = {}): ShippingService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  const dispatchJob = new DaprJobRegistration(sidecar.baseUrl, { name: SHIPMENT_DISPATCH_JOB, schedule: config.DISPATCH_SCHEDULE }, log);
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
      const contracts = new EventContracts(findContractsDirectory());
      const outbox = new Outbox(config.SERVICE_NAME, contracts);
      const afterCommit = () => relay?.nudge();
      const deps: ShippingDeps = {
        shipments: new ShipmentRepository(database),
        inTransaction: shippingTransactions(database, outbox, afterCommit),
        clock: () => new Date(),
        dispatchBatchSize: config.DISPATCH_BATCH_SIZE,
        log,
      };
      const subscriptions = orderEventSubscriptions((consumer, eventId) => inboxTransactions(database, outbox, consumer, eventId, afterCommit), {
        clock: deps.clock,
        newId: randomUUID,
        dispatchDelaySeconds: config.DISPATCH_DELAY_SECONDS,
        log,
      });
      const http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [subscriptionRoutes(subscriptions, contracts, log), shippingRoutes(deps)],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      markShuttingDown = http.markShuttingDown;
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port, topics: subscriptions.map((s) => s.topic) }, 'shipping listening');
      if (config.SCHEDULE_JOBS) dispatchJob.start();
    },

    async stop() {
      dispatchJob.stop();
      markShuttingDown?.();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the shipping service is not listening; call start() first');
      return server.port;
    },
  };
}
