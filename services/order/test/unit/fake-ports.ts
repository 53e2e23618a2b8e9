import type { Order, OrderStatus } from '../../src/domain/order';
import type { Catalog, CheckoutStarter, CreationResult, IdempotentCreation, NewOrder, Orders, PricedProduct, ShipmentCancellation, Shipping } from '../../src/domain/ports';

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
  withdrawCancellation = unexpected('withdrawCancellation');
  markWorkflowStarted = unexpected('markWorkflowStarted');
  markCancelWorkflowStarted = unexpected('markCancelWorkflowStarted');
}

export class FakeCheckout implements CheckoutStarter {
  readonly started: string[] = [];
  readonly cancellations: string[] = [];

  async startCheckout(order: Order): Promise<void> {
    this.started.push(order.id);
  }

  async startCancellation(orderId: string): Promise<void> {
    this.cancellations.push(orderId);
  }
}

/**
 * Existing orders in memory, with the repository's cancellation-request rules: a request is recorded once per PENDING
 * or CONFIRMED order, and withdrawn only from an order past PENDING. `movesOnBeforeRequest` lets a test have the order
 * shipped (or cancelled) between the use case's read and its request.
 */
export class FakeOrderBook implements Orders {
  readonly orders = new Map<string, Order & { cancelRequested: boolean }>();
  readonly withdrawn: string[] = [];
  movesOnBeforeRequest: OrderStatus | undefined;

  holds(order: { id: string; userId: string; status: OrderStatus }): this {
    this.orders.set(order.id, { customerEmail: 'c@example.com', items: [], totalCents: 1_000, currency: 'USD', shippingAddress: { line1: 'x', city: 'y', postalCode: 'z', country: 'US' }, history: [], createdAt: '2026-01-01T00:00:00.000Z', ...order, cancelRequested: false });
    return this;
  }

  async get(orderId: string): Promise<Order | undefined> {
    const order = this.orders.get(orderId);
    if (!order) return undefined;
    const { cancelRequested: _requested, ...view } = order;
    return structuredClone(view);
  }

  async requestCancellation(orderId: string): Promise<{ status: OrderStatus; firstRequest: boolean } | undefined> {
    const order = this.orders.get(orderId)!;
    if (this.movesOnBeforeRequest) order.status = this.movesOnBeforeRequest;
    if (order.status !== 'PENDING' && order.status !== 'CONFIRMED') return undefined;
    const firstRequest = !order.cancelRequested;
    order.cancelRequested = true;
    return { status: order.status, firstRequest };
  }

  async withdrawCancellation(orderId: string): Promise<void> {
    const order = this.orders.get(orderId)!;
    if (order.status === 'PENDING' || order.status === 'CANCELLED') return;
    order.cancelRequested = false;
    this.withdrawn.push(orderId);
  }

  isCancelRequested = (orderId: string): boolean => this.orders.get(orderId)!.cancelRequested;

  createPending = unexpected('createPending');
  findByIdempotencyKey = unexpected('findByIdempotencyKey');
  list = unexpected('list');
  markWorkflowStarted = unexpected('markWorkflowStarted');
  markCancelWorkflowStarted = unexpected('markCancelWorkflowStarted');
}

/** Shipping's answers, scripted per call; records who asked. */
export class FakeShipping implements Shipping {
  readonly asked: { orderId: string; userId: string }[] = [];

  constructor(private readonly answer: ShipmentCancellation = { outcome: 'cancelled' }) {}

  async cancelShipment(order: { orderId: string; userId: string }): Promise<ShipmentCancellation> {
    this.asked.push(order);
    return this.answer;
  }
}
