import { Counter, type Registry } from 'prom-client';
import type { ProductCache } from '../domain/ports';

export type CacheLookup = 'hit' | 'miss' | 'error';

/** Counts the product cache's lookups: hit, miss, or error (the read then goes to the database, like a miss). */
export function countingProductCache(cache: ProductCache, count: (lookup: CacheLookup) => void): ProductCache {
  return {
    async get(id) {
      try {
        const product = await cache.get(id);
        count(product ? 'hit' : 'miss');
        return product;
      } catch (error) {
        count('error');
        throw error;
      }
    },
    put: (product) => cache.put(product),
    evict: (id) => cache.evict(id),
  };
}

export function productCacheCounter(registry: Registry): (lookup: CacheLookup) => void {
  const lookups = new Counter({
    name: 'shop_catalog_cache_lookups_total',
    help: 'Product cache lookups by result: hit, miss, error (the hit ratio is hit / all)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return (result) => lookups.inc({ result });
}
