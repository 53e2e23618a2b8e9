/** An order as the business sees it. Money is integer cents. */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

/** Why an order was cancelled; every CANCELLED entry of the history carries one. */
export const CANCEL_REASONS = ['out_of_stock', 'payment_declined', 'payment_unavailable', 'cancelled_by_user', 'reservation_expired', 'inventory_unavailable'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
}

export interface ShippingAddress {
  line1: string;
  line2?: string | undefined;
  city: string;
  postalCode: string;
  country: string;
}

export interface StatusChange {
  status: OrderStatus;
  at: string;
  reason?: string;
}

export interface Order {
  id: string;
  userId: string;
  customerEmail: string;
  status: OrderStatus;
  items: OrderLine[];
  totalCents: number;
  currency: 'USD';
  shippingAddress: ShippingAddress;
  history: StatusChange[];
  createdAt: string;
}

/**
 * The most lines one order takes (the catalog prices an order with one lookup of up to 100 ids) and the most of one
 * product a line asks for. The cart holds no more lines than an order takes (its own MAX_LINES, equal by intent).
 */
export const MAX_ORDER_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

/** The simulated processor's test tokens (CONTRACT.md); any other token is refused when the order is placed. */
export const PAYMENT_TEST_TOKENS = ['tok_visa', 'tok_chargeDeclined', 'tok_insufficientFunds', 'tok_slow', 'tok_unavailable'] as const;

export const totalOf = (lines: Pick<OrderLine, 'quantity' | 'priceCents'>[]): number =>
  lines.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);

/**
 * How a cancellation is decided, from the order's status. A PENDING order's checkout stops itself: it confirms nothing
 * once a cancellation is requested (the order row's lock orders the two). A CONFIRMED order's parcel may be leaving
 * right now, so shipping decides, atomically against a delivery, and nothing is refunded unless it stopped the parcel.
 * SHIPPED or DELIVERED: too late. CANCELLED: nothing more to do.
 */
export type CancellationPlan = 'stop-checkout' | 'ask-shipping' | 'too-late' | 'already-cancelled';

export function cancellationPlanFor(status: OrderStatus): CancellationPlan {
  switch (status) {
    case 'PENDING':
      return 'stop-checkout';
    case 'CONFIRMED':
      return 'ask-shipping';
    case 'SHIPPED':
    case 'DELIVERED':
      return 'too-late';
    case 'CANCELLED':
      return 'already-cancelled';
  }
}

/** A customer may cancel until the parcel leaves: PENDING or CONFIRMED. */
export const isCancellable = (status: OrderStatus): boolean => ['stop-checkout', 'ask-shipping'].includes(cancellationPlanFor(status));

export const isTerminal = (status: OrderStatus): boolean => status === 'CANCELLED' || status === 'DELIVERED';

/** Merges repeated product ids: the same product twice in one order is one line with the summed quantity. */
export function mergeLines<T extends { productId: string; quantity: number }>(items: T[]): T[] {
  const merged = new Map<string, T>();
  for (const item of items) {
    const existing = merged.get(item.productId);
    merged.set(item.productId, existing ? { ...existing, quantity: existing.quantity + item.quantity } : { ...item });
  }
  return [...merged.values()];
}

/**
 * The statuses an order passes through when shipping reports `target`. Events may arrive twice or out of order (a
 * delivery before its dispatch): a CONFIRMED order told it was delivered passes through SHIPPED first; an order already
 * there stays; a cancelled one is never revived. `undefined`: not yet possible (still PENDING: retry later).
 */
export function shippingSteps(current: OrderStatus, target: 'SHIPPED' | 'DELIVERED'): OrderStatus[] | undefined {
  const path: OrderStatus[] = ['CONFIRMED', 'SHIPPED', 'DELIVERED'];
  if (current === 'PENDING') return undefined;
  if (current === 'CANCELLED') return [];
  const from = path.indexOf(current);
  const to = path.indexOf(target);
  return path.slice(from + 1, Math.max(from + 1, to + 1));
}
