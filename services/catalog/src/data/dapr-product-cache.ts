import type { DaprSidecar } from '@shop/service-kit';
import type { ProductCache } from '../domain/ports';
import type { Product } from '../domain/product';

type StateApi = Pick<DaprSidecar, 'getState' | 'saveState' | 'deleteState'>;

// A cache that is slower than the database is worse than none, and the Dapr SDK waits for an absent sidecar for a
// long time before failing; give up quickly and let the caller fall back to the database.
const CACHE_TIMEOUT_MS = 500;

/** Products cached in the Dapr state store (`statestore`) under `product:<id>`, each expiring after `ttlSeconds`. */
export function createDaprProductCache(sidecar: StateApi, ttlSeconds: number): ProductCache {
  const key = (id: string) => `product:${id}`;
  return {
    get: (id) => withinTimeout(sidecar.getState<Product>(key(id)), `reading ${key(id)}`),
    put: (product) => withinTimeout(sidecar.saveState(key(product.id), product, { ttlSeconds }), `saving ${key(product.id)}`),
    evict: (id) => withinTimeout(sidecar.deleteState(key(id)), `deleting ${key(id)}`),
  };
}

async function withinTimeout<T>(operation: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${CACHE_TIMEOUT_MS} ms`)), CACHE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
