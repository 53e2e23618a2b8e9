import { STATE_STORE_NAME } from '@shop/service-kit';
import type { Cart } from '../domain/cart';
import type { CartStore, VersionedCart, WriteOutcome } from '../domain/ports';

/**
 * Carts in the Dapr state store under `cart-<userId>`, over the sidecar's HTTP state API (the SDK hides the ETag
 * and turns a 409 into a generic error). Every write is first-write-wins: with the ETag read, or without one for
 * a cart that did not exist, which the store refuses if another writer created it meanwhile.
 */
export function createDaprCartStore(sidecarUrl: string, ttlSeconds: number, apiHeaders: Record<string, string> = {}): CartStore {
  const stateUrl = `${sidecarUrl}/v1.0/state/${STATE_STORE_NAME}`;
  const keyOf = (userId: string) => `cart-${userId}`;

  const store: CartStore = {
    async read(userId): Promise<VersionedCart | undefined> {
      const response = await fetch(`${stateUrl}/${encodeURIComponent(keyOf(userId))}`, { headers: apiHeaders, signal: AbortSignal.timeout(5_000) });
      if (response.status === 204) return undefined;
      if (response.status !== 200) throw new Error(`reading ${keyOf(userId)} answered ${response.status}: ${await response.text()}`);
      const etag = response.headers.get('etag');
      if (!etag) throw new Error(`reading ${keyOf(userId)} answered no ETag`);
      return { cart: normalised((await response.json()) as Partial<Cart>), etag };
    },

    async write(userId, cart, etag): Promise<WriteOutcome> {
      const item = {
        key: keyOf(userId),
        value: cart,
        ...(etag === undefined ? {} : { etag }),
        options: { concurrency: 'first-write' },
        // Refreshed on every write: a cart expires after ttlSeconds without changes.
        metadata: { ttlInSeconds: String(ttlSeconds) },
      };
      const response = await fetch(stateUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...apiHeaders },
        body: JSON.stringify([item]),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 204 || response.status === 200) return 'saved';
      if (response.status === 409) return 'conflict';
      // Dapr answers a refused first-write without an etag (the key exists) with a 500 rather than a 409: the
      // cart was created by a concurrent writer if it exists now, else the store really failed.
      if (etag === undefined && (await store.read(userId)) !== undefined) return 'conflict';
      throw new Error(`saving ${keyOf(userId)} answered ${response.status}: ${await response.text()}`);
    },
  };
  return store;
}

const normalised = (value: Partial<Cart>): Cart => ({ items: value.items ?? [], checkouts: value.checkouts ?? [] });
