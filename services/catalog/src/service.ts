import path from 'node:path';
import { standardService, type Logger, type Service } from '@shop/service-kit';
import { catalogRoutes } from './api/routes';
import type { CatalogConfig } from './config';
import { createCategoryRepository } from './data/category-repository';
import { countingProductCache, productCacheCounter } from './data/counting-product-cache';
import { createDaprProductCache } from './data/dapr-product-cache';
import { createProductRepository } from './data/product-repository';
import type { ProductCache } from './domain/ports';

export interface CatalogOverrides {
  log?: Logger;
  /** Replaces the Dapr state store cache (e.g. with one that always fails). */
  cache?: ProductCache;
}

export type CatalogService = Service & { port(): number };

export function createCatalogService(config: CatalogConfig, overrides: CatalogOverrides = {}): CatalogService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    routers: ({ db, metrics, log, sidecar }) => [
      catalogRoutes({
        categories: createCategoryRepository(db),
        products: createProductRepository(db),
        cache: countingProductCache(overrides.cache ?? createDaprProductCache(sidecar, config.PRODUCT_CACHE_TTL_SECONDS), productCacheCounter(metrics)),
        log,
      }),
    ],
  });
}
