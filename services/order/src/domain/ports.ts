import type { CancelReason, Order, OrderLine, ShippingAddress } from './order';

export interface PricedProduct {
  productId: string;
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
}

/** Prices come from the catalog, never from the client. */
export interface Catalog {
  /** Each product that exists, keyed by the id as asked; one that does not (or was deleted) is absent. */
  productsOf(productIds: string[]): Promise<Map<string, PricedProduct>>;
}

export interface NewOrder {
  id: string;
  userId: string;
  customerEmail: string;
  items: OrderLine[];
  totalCents: number;
  shippingAddress: ShippingAddress;
  paymentToken: string;
  couponCode?: string | undefined;
}

export interface IdempotentCreation {
  key: string;
  bodyHash: string;
}

export type CreationResult =
  | { outcome: 'created'; order: Order }
  | { outcome: 'existing'; order: Order; bodyHash: string };

export interface Orders {
  /** Creates the order PENDING with its history and `order.created`, unless the idempotency key already names one. */
  createPending(order: NewOrder, idempotency: IdempotentCreation): Promise<CreationResult>;
  findByIdempotencyKey(userId: string, key: string): Promise<{ order: Order; bodyHash: string } | undefined>;
  get(orderId: string): Promise<Order | undefined>;
  list(filter: { userId?: string }, page: { page: number; pageSize: number }): Promise<{ items: Order[]; total: number }>;
  /** Records a cancellation request; answers the status it found (undefined: not cancellable or unknown). */
  requestCancellation(orderId: string): Promise<{ status: Order['status']; firstRequest: boolean } | undefined>;
  /** Forgets the request of an order whose parcel left first: the order goes on as if it had never been asked. */
  withdrawCancellation(orderId: string): Promise<void>;
  markWorkflowStarted(orderId: string): Promise<void>;
  markCancelWorkflowStarted(orderId: string): Promise<void>;
}

/**
 * Shipping's answer when a confirmed order asks it to stop the parcel, decided atomically against a delivery;
 * `unavailable`: no answer (shipping or Dapr failed), so nothing is decided yet.
 */
export type ShipmentCancellation =
  | { outcome: 'cancelled' }
  | { outcome: 'too_late'; status: string }
  | { outcome: 'unavailable'; detail: string };

export interface Shipping {
  /** Asking again is safe: shipping answers a repeated request as it answered the first. */
  cancelShipment(order: { orderId: string; userId: string }): Promise<ShipmentCancellation>;
}

export interface CheckoutStarter {
  startCheckout(order: Order): Promise<void>;
  startCancellation(orderId: string): Promise<void>;
}

/**
 * What the order's life reports to metrics. Called once per transition that actually happened (a replayed activity
 * that finds the order already CONFIRMED or CANCELLED reports nothing), after its transaction committed.
 */
export interface OrderMetrics {
  created(order: { totalCents: number }): void;
  confirmed(order: { totalCents: number }): void;
  cancelled(order: { totalCents: number; wasConfirmed: boolean }, reason: CancelReason): void;
}

export const noOrderMetrics: OrderMetrics = { created: () => undefined, confirmed: () => undefined, cancelled: () => undefined };

export type { CancelReason };
