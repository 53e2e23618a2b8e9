import { AppError } from '@shop/service-kit';

/** The most of one product a line holds; below the 100 one order line takes, so every line can be ordered. */
export const MAX_QUANTITY = 99;
/**
 * The most distinct products a cart holds. The order service takes at most 50 lines in one order, so a cart with more
 * could never be checked out: the cart refuses the 51st line instead of letting the customer find out at checkout.
 * Equal to the order's limit by intent, not by import (each service owns its rules): a unit test holds it against
 * `maxItems` of POST /orders' items in contracts/openapi/public.v1.yaml.
 */
export const MAX_LINES = 50;
/** Enough to answer a client's retries of recent checkouts without letting the cart's state grow forever. */
const REMEMBERED_CHECKOUTS = 20;

export interface CartLine {
  productId: string;
  quantity: number;
  priceCents: number;
}

/** A checkout that the order service accepted, remembered so a retry with the same key answers the same order. */
export interface CheckoutRecord {
  key: string;
  orderId: string;
  status: string;
}

export interface Cart {
  items: CartLine[];
  checkouts: CheckoutRecord[];
}

export interface CartView {
  items: CartLine[];
  totalCents: number;
}

export const emptyCart = (): Cart => ({ items: [], checkouts: [] });

export const totalOf = (lines: Pick<CartLine, 'quantity' | 'priceCents'>[]): number =>
  lines.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);

export const viewOf = (cart: Cart): CartView => ({
  items: cart.items.map(({ productId, quantity, priceCents }) => ({ productId, quantity, priceCents })),
  totalCents: totalOf(cart.items),
});

export const notInCart = (productId: string) => AppError.notFound(`product ${productId} is not in the cart`);

/**
 * Adds to the line of the same product (at the price just read) or appends one; a line never exceeds 99, and a full
 * cart takes no new line (more of a product already in it still fits).
 */
export function addLine(cart: Cart, line: CartLine): Cart {
  const existing = cart.items.find((item) => item.productId === line.productId);
  if (!existing && cart.items.length >= MAX_LINES) {
    throw AppError.unprocessable(`a cart holds at most ${MAX_LINES} different products, the most one order takes; remove a line to add product ${line.productId}`);
  }
  const quantity = (existing?.quantity ?? 0) + line.quantity;
  if (quantity > MAX_QUANTITY) {
    throw AppError.unprocessable(`a cart holds at most ${MAX_QUANTITY} of product ${line.productId} (it would hold ${quantity})`);
  }
  const items = existing
    ? cart.items.map((item) => (item === existing ? { ...item, quantity, priceCents: line.priceCents } : item))
    : [...cart.items, { ...line }];
  return { ...cart, items };
}

export function setQuantity(cart: Cart, productId: string, quantity: number): Cart {
  if (!cart.items.some((item) => item.productId === productId)) throw notInCart(productId);
  return { ...cart, items: cart.items.map((item) => (item.productId === productId ? { ...item, quantity } : item)) };
}

export function removeLine(cart: Cart, productId: string): Cart {
  if (!cart.items.some((item) => item.productId === productId)) throw notInCart(productId);
  return { ...cart, items: cart.items.filter((item) => item.productId !== productId) };
}

export const emptied = (cart: Cart): Cart => ({ ...cart, items: [] });

/**
 * Product ids are uuids, which compare ignoring letter case; the API lower-cases them. A cart stored before it did
 * may hold one product under two spellings: read, it has one lower-case line per product (quantities summed, up to
 * 99; the first line's price), so its lines can be changed, removed and ordered by the id the API now passes.
 */
export function withCanonicalIds(cart: Cart): Cart {
  if (cart.items.every((item) => item.productId === item.productId.toLowerCase())) return cart;
  const lines = new Map<string, CartLine>();
  for (const item of cart.items) {
    const productId = item.productId.toLowerCase();
    const line = lines.get(productId);
    lines.set(productId, line ? { ...line, quantity: Math.min(MAX_QUANTITY, line.quantity + item.quantity) } : { ...item, productId });
  }
  return { ...cart, items: [...lines.values()] };
}

export function withPrices(cart: Cart, prices: Map<string, number>): Cart {
  return { ...cart, items: cart.items.map((item) => ({ ...item, priceCents: prices.get(item.productId) ?? item.priceCents })) };
}

export const checkoutOf = (cart: Cart, key: string): CheckoutRecord | undefined => cart.checkouts.find((record) => record.key === key);

/**
 * Removes what was ordered (not the whole cart: a line added or raised while the order was being placed stays) and
 * remembers the checkout. A second recording of the same key changes nothing, so a concurrent retry does not
 * subtract the order twice.
 */
export function recordCheckout(cart: Cart, ordered: Pick<CartLine, 'productId' | 'quantity'>[], record: CheckoutRecord): Cart {
  if (checkoutOf(cart, record.key)) return cart;
  const orderedQuantity = new Map(ordered.map((line) => [line.productId, line.quantity]));
  const items = cart.items
    .map((item) => ({ ...item, quantity: item.quantity - (orderedQuantity.get(item.productId) ?? 0) }))
    .filter((item) => item.quantity > 0);
  return { items, checkouts: [...cart.checkouts, record].slice(-REMEMBERED_CHECKOUTS) };
}
