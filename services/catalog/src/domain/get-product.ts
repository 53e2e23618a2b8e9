import { isEntityId } from './entity-id';
import { productNotFound, type Product } from './product';
import type { ProductCache, ProductRepository, WarningLog } from './ports';

export type CacheOutcome = 'hit' | 'miss';

export interface GetProductDeps {
  products: ProductRepository;
  cache: ProductCache;
  log: WarningLog;
}

/**
 * Cache-aside read: the cache answers when it can, the database otherwise, and a miss fills the cache. The cache is
 * an optimisation only, so its failures are logged and the read carries on against the database.
 */
export async function getProduct(id: string, deps: GetProductDeps): Promise<{ product: Product; cache: CacheOutcome }> {
  if (!isEntityId(id)) throw productNotFound(id);
  const cached = await readCache(id, deps);
  if (cached) return { product: cached, cache: 'hit' };
  const product = await deps.products.findById(id);
  if (!product) throw productNotFound(id);
  await fillCache(product, deps);
  return { product, cache: 'miss' };
}

async function readCache(id: string, { cache, log }: GetProductDeps): Promise<Product | undefined> {
  try {
    return await cache.get(id);
  } catch (error) {
    log.warn({ err: error, productId: id }, 'product cache read failed; reading the database');
    return undefined;
  }
}

async function fillCache(product: Product, { cache, log }: GetProductDeps): Promise<void> {
  try {
    await cache.put(product);
  } catch (error) {
    log.warn({ err: error, productId: product.id }, 'product cache fill failed');
  }
}
