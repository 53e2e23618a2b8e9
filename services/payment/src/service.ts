import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkDatabase,
  createDatabase,
  createHttpApp,
  createLogger,
  DaprSidecar,
  EventContracts,
  findContractsDirectory,
  listen,
  migrate,
  Outbox,
  OutboxRelay,
  type HttpApp,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import type { PaymentDeps } from './api/handlers';
import { paymentRoutes } from './api/routes';
import type { PaymentConfig } from './config';
import { PaymentRepository } from './data/payment-repository';
import { paymentTransactions } from './data/payment-transactions';

export interface PaymentOverrides {
  log?: Logger;
}

export type PaymentService = Service & { port(): number };

/** start(): database → migrations → outbox relay → HTTP. stop(): refuse new work → drain HTTP → relay → database → sidecar client. */
export function createPaymentService(config: PaymentConfig, overrides: PaymentOverrides = {}): PaymentService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let http: HttpApp | undefined;
  let server: RunningServer | undefined;

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
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [paymentRoutes(wireDeps(config, database, log, () => relay?.nudge()))],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'payment listening');
    },

    async stop() {
      http?.markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the payment service is not listening; call start() first');
      return server.port;
    },
  };
}

function wireDeps(config: PaymentConfig, db: Knex, log: Logger, afterEvents: () => void): PaymentDeps {
  const outbox = new Outbox(config.SERVICE_NAME, new EventContracts(findContractsDirectory()));
  return {
    payments: new PaymentRepository(db),
    inTransaction: paymentTransactions(db, outbox, afterEvents),
    sleep: (ms) => sleep(ms),
    slowTokenDelayMs: config.SLOW_TOKEN_DELAY_MS,
    log,
  };
}
