import path from 'node:path';
import {
  checkDatabase,
  createDatabase,
  createHttpApp,
  createLogger,
  createServiceRegistry,
  DaprJobRegistration,
  DaprSidecar,
  EventContracts,
  findContractsDirectory,
  listen,
  migrate,
  observeDatabasePool,
  Outbox,
  OutboxMetrics,
  poolOf,
  OutboxRelay,
  subscriptionRoutes,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import { orderRoutes } from './api/routes';
import { shippingSubscriptions } from './api/shipping-events';
import type { OrderConfig } from './config';
import { CatalogClient } from './data/catalog-client';
import { OrderRepository } from './data/order-repository';
import { ShippingClient } from './data/shipping-client';
import type { CheckoutStarter } from './domain/ports';
import { createOrderMetrics } from './metrics';
import { checkoutActivities } from './workflow/activities';
import { CheckoutEngine } from './workflow/engine';

export type OrderService = Service & { port(): number };

const MAINTENANCE_JOB = 'order-maintenance';

/** start(): database → migrations → outbox relay → HTTP → workflow worker → scheduled maintenance. stop(): reverse. */
export function createOrderService(config: OrderConfig, overrides: { log?: Logger } = {}): OrderService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = DaprSidecar.fromConfig(config);
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let engine: CheckoutEngine | undefined;
  let server: RunningServer | undefined;
  let markShuttingDown: (() => void) | undefined;
  const maintenanceJob = new DaprJobRegistration(sidecar.baseUrl, { name: MAINTENANCE_JOB, schedule: config.MAINTENANCE_SCHEDULE }, log, sidecar.apiHeaders);

  return {
    async start() {
      const database = createDatabase(config.DATABASE_URL);
      db = database;
      await migrate(database, path.join(__dirname, '../migrations'));
      const contracts = new EventContracts(findContractsDirectory());
      const outbox = new Outbox(config.SERVICE_NAME, contracts);
      const registry = createServiceRegistry();
      observeDatabasePool(registry, () => poolOf(database));
      const metrics = createOrderMetrics(registry, {
        stuckAfterSeconds: config.ORDER_STUCK_PENDING_SECONDS,
        // Read at scrape time only, once the service listens (the repository exists by then).
        countStuckPending: () => orders.countPendingOlderThan(config.ORDER_STUCK_PENDING_SECONDS),
      });
      const orders = new OrderRepository(database, outbox, () => relay?.nudge(), metrics);
      if (config.OUTBOX_RELAY_ENABLED) {
        relay = new OutboxRelay({ db: database, publish: (event) => sidecar.publish(event), log, metrics: new OutboxMetrics(registry) });
        relay.start();
      }
      const shipping = new ShippingClient(sidecar, config.SHIPPING_APP_ID, config.INVOKE_TIMEOUT_MS);
      const activities = checkoutActivities({ sidecar, orders, shipping, inventoryAppId: config.INVENTORY_APP_ID, paymentAppId: config.PAYMENT_APP_ID, timeoutMs: config.INVOKE_TIMEOUT_MS });
      const checkout: CheckoutStarter = config.WORKFLOWS_ENABLED
        ? (engine = new CheckoutEngine({ daprHost: config.DAPR_HOST, daprGrpcPort: config.DAPR_GRPC_PORT, daprApiToken: config.DAPR_API_TOKEN, orders, activities, log, metrics }))
        : { startCheckout: async () => undefined, startCancellation: async () => undefined };
      const maintain = async () => {
        const result = engine ? await engine.maintain({ graceSeconds: config.WORKFLOW_START_GRACE_SECONDS, retentionSeconds: config.WORKFLOW_RETENTION_SECONDS }) : { started: 0, cancellations: 0, purged: 0 };
        if (result.started || result.cancellations || result.purged) log.info(result, 'order maintenance');
        return result;
      };
      const http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [
          orderRoutes({ orders, catalog: new CatalogClient(sidecar, config.CATALOG_APP_ID), checkout, shipping }, maintain),
          subscriptionRoutes(shippingSubscriptions(database, orders, log, () => relay?.nudge()), contracts, log),
        ],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
        appApiToken: config.APP_API_TOKEN,
        metricsRegistries: [registry],
      });
      markShuttingDown = http.markShuttingDown;
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'order service listening');
      // After listening: the sidecar's full readiness includes reaching this app.
      await engine?.start(() => sidecar.waitForActorRuntime());
      if (config.SCHEDULE_JOBS) maintenanceJob.start();
    },

    async stop() {
      maintenanceJob.stop();
      markShuttingDown?.();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await engine?.stop();
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the order service is not listening');
      return server.port;
    },
  };
}
