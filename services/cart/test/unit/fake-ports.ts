import type { Cart } from '../../src/domain/cart';
import type { CartStore, OrderAnswer, OrderPlacement, OrderRequest, PriceList, VersionedCart, WriteOutcome } from '../../src/domain/ports';
import type { RetryPolicy } from '../../src/domain/update-cart';

/** Fakes of the cart's own ports, for unit tests of the use cases. */

/** A versioned in-memory store with the same first-write rules as the Dapr one. */
export class FakeCartStore implements CartStore {
  readonly carts = new Map<string, VersionedCart>();
  writes = 0;
  /** Runs just before a write is judged: lets a test slip in a concurrent writer. */
  beforeWrite: ((userId: string) => void) | undefined;
  private version = 0;

  async read(userId: string): Promise<VersionedCart | undefined> {
    const stored = this.carts.get(userId);
    return stored && { cart: structuredClone(stored.cart), etag: stored.etag };
  }

  async write(userId: string, cart: Cart, etag: string | undefined): Promise<WriteOutcome> {
    this.writes++;
    this.beforeWrite?.(userId);
    if (this.carts.get(userId)?.etag !== etag) return 'conflict';
    this.put(userId, cart);
    return 'saved';
  }

  put(userId: string, cart: Cart): void {
    this.carts.set(userId, { cart: structuredClone(cart), etag: String(++this.version) });
  }
}

/** The catalog's current prices; records each lookup, so a test can count the calls a use case makes. */
export class FakePrices implements PriceList {
  readonly prices = new Map<string, number>();
  readonly lookups: string[][] = [];
  async pricesOf(productIds: string[]): Promise<Map<string, number>> {
    this.lookups.push([...productIds]);
    return new Map(productIds.flatMap((id) => (this.prices.has(id) ? [[id, this.prices.get(id)!] as const] : [])));
  }
}

export class FakeOrders implements OrderPlacement {
  readonly placed: OrderRequest[] = [];
  answer: OrderAnswer = { status: 202, body: { id: 'order-1', status: 'PENDING' } };
  async place(request: OrderRequest): Promise<OrderAnswer> {
    this.placed.push(structuredClone(request));
    return this.answer;
  }
}

export const noWait = (attempts = 10): RetryPolicy & { waits: number[] } => {
  const waits: number[] = [];
  return { attempts, delayMs: (attempt) => attempt, sleep: async (ms) => void waits.push(ms), waits };
};
