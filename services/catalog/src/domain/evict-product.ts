import type { ProductCache, WarningLog } from './ports';

/**
 * Called only after a change has committed. The change stands even if eviction fails, so failure is a warning, not an
 * error: the cached copy then lives out its TTL. The TTL also bounds the one race cache-aside leaves open, a read that
 * fetched the old row before the change and fills the cache after this eviction.
 */
export async function evictProduct(id: string, deps: { cache: ProductCache; log: WarningLog }): Promise<void> {
  try {
    await deps.cache.evict(id);
  } catch (error) {
    deps.log.warn({ err: error, productId: id }, 'product cache eviction failed; a stale copy may be served until its TTL');
  }
}
