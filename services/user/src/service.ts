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
  Outbox,
  OutboxRelay,
  subscriptionRoutes,
  type HttpApp,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import type { UserDeps } from './api/handlers';
import { userRoutes } from './api/routes';
import type { UserConfig } from './config';
import { AddressRepository } from './data/address-repository';
import { ProfileRepository } from './data/profile-repository';
import { oncePerEvent, userTransactions } from './data/user-transactions';
import { userEventSubscriptions } from './events/user-events';

export interface UserOverrides {
  log?: Logger;
}

export type UserService = Service & { port(): number };

/** The inbox consumer name: the handled user.registered ids of this service. */
const PROFILE_CONSUMER = 'profile-from-registration';

/** start(): database → migrations → outbox relay → HTTP (subscriptions included). stop(): the reverse. */
export function createUserService(config: UserConfig, overrides: UserOverrides = {}): UserService {
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
      const contracts = new EventContracts(findContractsDirectory());
      const subscriptions = userEventSubscriptions({ oncePerEvent: oncePerEvent(database, PROFILE_CONSUMER), log });
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [subscriptionRoutes(subscriptions, contracts, log), userRoutes(wireDeps(config, database, contracts, () => relay?.nudge()))],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'user listening');
    },

    async stop() {
      http?.markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the user service is not listening; call start() first');
      return server.port;
    },
  };
}

function wireDeps(config: UserConfig, db: Knex, contracts: EventContracts, afterEvents: () => void): UserDeps {
  return {
    profiles: new ProfileRepository(db),
    addresses: new AddressRepository(db),
    inTransaction: userTransactions(db, new Outbox(config.SERVICE_NAME, contracts), afterEvents),
  };
}
