import type { Order } from '../../src/domain/order';
import type { Catalog, CheckoutStarter, CreationResult, IdempotentCreation, NewOrder, Orders, PricedProduct } from '../../src/domain/ports';

/** Fakes of the order service's own ports, for unit tests of the use cases. */

/** A method the use cases under test must not call. */
const unexpected = (method: string) => (): never => {
  throw new Error(`unexpected call to ${method}`);
};

/** The catalog's live products; records each lookup, so a test can count the calls a use case makes. */
export class FakeCatalog implements Catalog {
  readonly products = new Map<string, PricedProduct>();
  readonly lookups: string[][] = [];

  sells(productId: string, priceCents: number, currency = 'USD'): this {
    this.products.set(productId, { productId, sku: `SKU-${productId}`, name: `Product ${productId}`, priceCents, currency });
    return this;
  }

  async productsOf(productIds: string[]): Promise<Map<string, PricedProduct>> {
    this.lookups.push([...productIds]);
    return new Map(productIds.flatMap((id) => (this.products.has(id) ? [[id, this.products.get(id)!] as const] : [])));
  }
}

/** Orders in memory: only what placing an order touches; the rest of the port answers "unexpected call". */
export class FakeOrders implements Orders {
  readonly created: NewOrder[] = [];
  private readonly byKey = new Map<string, { order: Order; bodyHash: string }>();

  async createPending(order: NewOrder, idempotency: IdempotentCreation): Promise<CreationResult> {
    const key = `${order.userId}/${idempotency.key}`;
    const existing = this.byKey.get(key);
    if (existing) return { outcome: 'existing', ...existing };
    this.created.push(structuredClone(order));
    const stored: Order = { ...order, status: 'PENDING', currency: 'USD', history: [{ status: 'PENDING', at: '2026-01-01T00:00:00.000Z' }], createdAt: '2026-01-01T00:00:00.000Z' };
    this.byKey.set(key, { order: stored, bodyHash: idempotency.bodyHash });
    return { outcome: 'created', order: stored };
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<{ order: Order; bodyHash: string } | undefined> {
    return this.byKey.get(`${userId}/${key}`);
  }

  get = unexpected('get');
  list = unexpected('list');
  requestCancellation = unexpected('requestCancellation');
  markWorkflowStarted = unexpected('markWorkflowStarted');
  markCancelWorkflowStarted = unexpected('markCancelWorkflowStarted');
}

export class FakeCheckout implements CheckoutStarter {
  readonly started: string[] = [];

  async startCheckout(order: Order): Promise<void> {
    this.started.push(order.id);
  }

  startCancellation = unexpected('startCancellation');
}
