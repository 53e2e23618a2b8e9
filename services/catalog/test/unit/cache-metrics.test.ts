import { Registry } from 'prom-client';
import { countingProductCache, productCacheCounter, type CacheLookup } from '../../src/data/counting-product-cache';
import type { ProductCache } from '../../src/domain/ports';
import type { Product } from '../../src/domain/product';

const product = { id: 'p1', name: 'Mug' } as unknown as Product;

describe('counting product cache lookups', () => {
  it('when lookups hit, miss and fail, then each is counted under its result and the failure still surfaces', async () => {
    const lookups: CacheLookup[] = [];
    const stored = new Map<string, Product>([['p1', product]]);
    const inner: ProductCache = {
      get: async (id) => {
        if (id === 'broken') throw new Error('state store down');
        return stored.get(id);
      },
      put: async () => undefined,
      evict: async () => undefined,
    };
    const cache = countingProductCache(inner, (lookup) => lookups.push(lookup));

    await cache.get('p1');
    await cache.get('p2');
    await expect(cache.get('broken')).rejects.toThrow('state store down');

    expect(lookups).toEqual(['hit', 'miss', 'error']);
  });

  it('when counted into a registry, then shop_catalog_cache_lookups_total carries the result label', async () => {
    const registry = new Registry();
    const count = productCacheCounter(registry);

    count('hit');
    count('hit');
    count('miss');

    const text = await registry.metrics();
    expect(text).toContain('shop_catalog_cache_lookups_total{result="hit"} 2');
    expect(text).toContain('shop_catalog_cache_lookups_total{result="miss"} 1');
  });
});
