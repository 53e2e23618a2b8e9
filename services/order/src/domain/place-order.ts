import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '@shop/service-kit';
import { MAX_LINE_QUANTITY, mergeLines, PAYMENT_TEST_TOKENS, totalOf, type OrderLine, type OrderStatus, type ShippingAddress } from './order';
import type { Catalog, CheckoutStarter, Orders } from './ports';

export interface PlaceOrder {
  userId: string;
  customerEmail: string;
  idempotencyKey: string;
  items: { productId: string; quantity: number }[];
  shippingAddress: ShippingAddress;
  paymentToken: string;
  couponCode?: string | undefined;
}

export interface OrderAccepted {
  id: string;
  status: OrderStatus;
}

export interface PlaceOrderDeps {
  orders: Orders;
  catalog: Catalog;
  checkout: CheckoutStarter;
}

/**
 * Same key and same body → the same order (ten concurrent requests included); same key, other body → 422. The
 * order is priced from the catalog, stored PENDING with `order.created`, and its checkout workflow started.
 */
export async function placeOrder(input: PlaceOrder, deps: PlaceOrderDeps): Promise<OrderAccepted> {
  const bodyHash = hashOfRequest(input);
  const earlier = await deps.orders.findByIdempotencyKey(input.userId, input.idempotencyKey);
  if (earlier) return sameRequestOrRefuse(earlier, bodyHash);

  assertKnownPaymentToken(input.paymentToken);
  const lines = await priceLines(withinLineLimit(mergeLines(input.items)), deps.catalog);
  const created = await deps.orders.createPending(
    { id: randomUUID(), userId: input.userId, customerEmail: input.customerEmail, items: lines, totalCents: totalOf(lines), shippingAddress: input.shippingAddress, paymentToken: input.paymentToken, couponCode: input.couponCode },
    { key: input.idempotencyKey, bodyHash },
  );
  if (created.outcome === 'existing') return sameRequestOrRefuse(created, bodyHash);

  await deps.checkout.startCheckout(created.order);
  return { id: created.order.id, status: created.order.status };
}

function sameRequestOrRefuse(earlier: { order: { id: string; status: OrderStatus }; bodyHash: string }, bodyHash: string): OrderAccepted {
  if (earlier.bodyHash !== bodyHash) throw AppError.unprocessable('this Idempotency-Key was already used with a different request body');
  return { id: earlier.order.id, status: earlier.order.status };
}

function assertKnownPaymentToken(token: string): void {
  if (!(PAYMENT_TEST_TOKENS as readonly string[]).includes(token)) {
    // Not the list itself: the detail lands in logs and traces, which hold no payment token, even a test one.
    throw AppError.unprocessable('unknown payment token; the simulated ones are listed in the API documentation (PaymentToken)');
  }
}

/** A product listed on several lines is one line once merged: the merged quantity obeys the per-line limit too. */
function withinLineLimit<T extends { productId: string; quantity: number }>(lines: T[]): T[] {
  const over = lines.filter((line) => line.quantity > MAX_LINE_QUANTITY);
  if (over.length) {
    throw AppError.unprocessable(`one order takes at most ${MAX_LINE_QUANTITY} of a product; asked in total: ${over.map((line) => `${line.quantity} of ${line.productId}`).join(', ')}`);
  }
  return lines;
}

/** Every line priced by one catalog lookup; an order naming any product that does not exist is refused whole. */
async function priceLines(items: { productId: string; quantity: number }[], catalog: Catalog): Promise<OrderLine[]> {
  const products = await catalog.productsOf(items.map((item) => item.productId));
  const missing = items.filter((item) => !products.has(item.productId)).map((item) => item.productId);
  if (missing.length) throw AppError.unprocessable(`these products do not exist: ${missing.join(', ')}`);
  return items.map((item) => {
    const product = products.get(item.productId)!;
    if (product.currency !== 'USD') throw AppError.unprocessable(`product ${item.productId} is not sold in USD`);
    return { productId: item.productId, sku: product.sku, name: product.name, quantity: item.quantity, priceCents: product.priceCents };
  });
}

/** A stable hash of what the client asked for: key order in the JSON does not change it. */
export function hashOfRequest(input: Pick<PlaceOrder, 'items' | 'shippingAddress' | 'paymentToken' | 'couponCode'>): string {
  const canonical = JSON.stringify(sortKeys({ items: input.items, shippingAddress: input.shippingAddress, paymentToken: input.paymentToken, couponCode: input.couponCode ?? null }));
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
