import path from 'node:path';
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
  subscriptionRoutes,
  type HttpApp,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import { notificationRoutes } from './api/routes';
import type { NotificationConfig } from './config';
import { emailChannel, smsChannel } from './data/binding-channels';
import { createContactBook } from './data/contact-book';
import { DaprOutputBindings } from './data/dapr-output-bindings';
import { createNotificationLedger } from './data/notification-ledger';
import type { Channel } from './domain/notification';
import type { NotifyDeps } from './domain/notify-customer';
import type { MessageChannel } from './domain/ports';
import { customerEventSubscriptions } from './events/customer-events';

export interface NotificationOverrides {
  log?: Logger;
  /** Replaces the Dapr output bindings (e.g. with a channel that fails), per channel. */
  channels?: Partial<Record<Channel, MessageChannel>>;
}

export type NotificationService = Service & { port(): number };

/** start(): database → migrations → HTTP (subscriptions included). stop(): refuse new work → drain HTTP → database. */
export function createNotificationService(config: NotificationConfig, overrides: NotificationOverrides = {}): NotificationService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  let db: Knex | undefined;
  let http: HttpApp | undefined;
  let server: RunningServer | undefined;

  return {
    async start() {
      const database = createDatabase(config.DATABASE_URL);
      db = database;
      const applied = await migrate(database, path.join(__dirname, '../migrations'));
      log.info({ applied }, 'migrations applied');
      const bindings = new DaprOutputBindings(sidecar.baseUrl, config.BINDING_TIMEOUT_MS);
      const deps: NotifyDeps = {
        notifications: createNotificationLedger(database),
        contacts: createContactBook(database),
        channels: {
          email: overrides.channels?.email ?? emailChannel(bindings, config.EMAIL_BINDING),
          sms: overrides.channels?.sms ?? smsChannel(bindings, config.SMS_BINDING),
        },
        log,
      };
      const contracts = new EventContracts(findContractsDirectory());
      const subscriptions = customerEventSubscriptions(deps, (type) => contracts.has(type), log);
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [subscriptionRoutes(subscriptions, contracts, log), notificationRoutes(deps)],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port, topics: subscriptions.map((s) => s.topic) }, 'notification listening');
    },

    async stop() {
      http?.markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the notification service is not listening; call start() first');
      return server.port;
    },
  };
}
