import type Router from '@koa/router';
import type { BaseConfig } from './config';
import { DaprJobRegistration, type JobSpec } from './dapr/job-registration';
import { DaprSidecar } from './dapr/sidecar';
import { checkDatabase, createDatabase, migrate, type Knex } from './data/database';
import type { CloudEvent } from './events/cloud-event';
import { EventContracts, findContractsDirectory } from './events/contracts';
import { Outbox, OutboxRelay } from './events/outbox';
import { createHttpApp, type HttpApp } from './http/app';
import type { ReadinessCheck } from './http/health';
import { listen, type RunningServer } from './http/server';
import type { Service } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { OutboxMetrics } from './metrics/outbox-metrics';
import { observeDatabasePool, poolOf } from './metrics/pool-metrics';
import { createServiceRegistry } from './metrics/service-metrics';
import type { Registry } from 'prom-client';

/** What a service's routes are built from once its database is migrated. */
export interface ServiceParts {
  db: Knex;
  contracts: EventContracts;
  outbox: Outbox;
  /** Call after a transaction that wrote outbox rows committed: the relay publishes them now instead of on its next poll. */
  afterEvents: () => void;
  /** This instance's metrics registry, served by /metrics: register business metrics here (names prefixed `shop_`). */
  metrics: Registry;
  /** The service's logger and sidecar client: the ones of the options, or the defaults built from the config. */
  log: Logger;
  sidecar: DaprSidecar;
}

export interface StandardServiceOptions {
  config: BaseConfig & { DATABASE_URL: string; OUTBOX_RELAY_ENABLED?: boolean; SCHEDULE_JOBS?: boolean };
  /** By default the service's own logger at LOG_LEVEL; a test passes one that records. */
  log?: Logger;
  /** By default a client of the sidecar at DAPR_HOST:DAPR_HTTP_PORT. */
  sidecar?: DaprSidecar;
  migrationsDir: string;
  routers: (parts: ServiceParts) => Router[] | Promise<Router[]>;
  /** Dapr jobs this service answers at `POST /job/<name>`; registered after it listens, unless SCHEDULE_JOBS is false. */
  jobs?: JobSpec[];
  extraReadiness?: ReadinessCheck[];
  /** How the outbox relay publishes a row's event through the sidecar; by default to the topic named by its type. */
  publisher?: (sidecar: DaprSidecar) => (event: CloudEvent) => Promise<void>;
}

export type StandardService = Service & { port(): number };

/**
 * The life of a service with its own database: start() runs database → migrations → outbox relay (when
 * OUTBOX_RELAY_ENABLED) → HTTP → job registration; stop() refuses new work, drains HTTP, then releases the rest in
 * reverse. Readiness covers the database and the sidecar.
 */
export function standardService(options: StandardServiceOptions): StandardService {
  const { config } = options;
  const log = options.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = options.sidecar ?? DaprSidecar.fromConfig(config);
  const jobs = (options.jobs ?? []).map((job) => new DaprJobRegistration(sidecar.baseUrl, job, log, sidecar.apiHeaders));
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let http: HttpApp | undefined;
  let server: RunningServer | undefined;

  return {
    async start() {
      const database = createDatabase(config.DATABASE_URL);
      db = database;
      const metrics = createServiceRegistry();
      observeDatabasePool(metrics, () => poolOf(database));
      const applied = await migrate(database, options.migrationsDir);
      if (applied.length) log.info({ applied }, 'migrations applied');
      const contracts = new EventContracts(findContractsDirectory());
      if (config.OUTBOX_RELAY_ENABLED) {
        relay = new OutboxRelay({ db: database, publish: options.publisher?.(sidecar) ?? ((event) => sidecar.publish(event)), log, metrics: new OutboxMetrics(metrics) });
        relay.start();
      }
      const parts: ServiceParts = { db: database, contracts, outbox: new Outbox(config.SERVICE_NAME, contracts), afterEvents: () => relay?.nudge(), metrics, log, sidecar };
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: await options.routers(parts),
        appApiToken: config.APP_API_TOKEN,
        metricsRegistries: [metrics],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
          ...(options.extraReadiness ?? []),
        ],
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, `${config.SERVICE_NAME} listening`);
      if (config.SCHEDULE_JOBS !== false) for (const job of jobs) job.start();
    },

    async stop() {
      http?.markShuttingDown();
      for (const job of jobs) job.stop();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await relay?.stop();
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error(`the ${config.SERVICE_NAME} service is not listening; call start() first`);
      return server.port;
    },
  };
}
