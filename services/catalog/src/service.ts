import path from 'node:path';
import {
  checkDatabase,
  createDatabase,
  createHttpApp,
  createLogger,
  DaprSidecar,
  listen,
  migrate,
  type HttpApp,
  type Knex,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import { catalogRoutes } from './api/routes';
import type { CatalogConfig } from './config';
import { createCategoryRepository } from './data/category-repository';
import { createDaprProductCache } from './data/dapr-product-cache';
import { createProductRepository } from './data/product-repository';
import type { ProductCache } from './domain/ports';

export interface CatalogOverrides {
  log?: Logger;
  /** Replaces the Dapr state store cache (e.g. with one that always fails). */
  cache?: ProductCache;
}

export type CatalogService = Service & { port(): number };

/** start(): database → migrations → HTTP. stop(): refuse new work → drain HTTP → database → sidecar client. */
export function createCatalogService(config: CatalogConfig, overrides: CatalogOverrides = {}): CatalogService {
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
      const deps = {
        categories: createCategoryRepository(database),
        products: createProductRepository(database),
        cache: overrides.cache ?? createDaprProductCache(sidecar, config.PRODUCT_CACHE_TTL_SECONDS),
        log,
      };
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [catalogRoutes(deps)],
        readiness: [
          { name: 'database', check: () => checkDatabase(database) },
          { name: 'sidecar', check: () => sidecar.checkReady() },
        ],
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'catalog listening');
    },

    async stop() {
      http?.markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await db?.destroy();
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the catalog service is not listening; call start() first');
      return server.port;
    },
  };
}
