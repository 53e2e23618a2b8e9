import { AppError } from '@shop/service-kit';
import { checkoutOf, MAX_LINES, recordCheckout, withPrices, type Cart } from './cart';
import type { Customer, OrderAnswer, OrderPlacement, PriceList } from './ports';
import { readCart, updateCart, type UpdateDeps } from './update-cart';

export interface CheckOut {
  customer: Customer;
  idempotencyKey: string;
  shippingAddress: unknown;
  paymentToken: string;
}

export type CheckOutDeps = UpdateDeps & { prices: PriceList; orders: OrderPlacement };

export async function checkOut(input: CheckOut, deps: CheckOutDeps): Promise<OrderAnswer> {
  const cart = await readCart(input.customer.id, deps);
  const earlier = checkoutOf(cart, input.idempotencyKey);
  if (earlier) return { status: 202, body: { id: earlier.orderId, status: earlier.status } };
  if (cart.items.length === 0) throw AppError.unprocessable('the cart is empty');
  // Only a cart filled before the cart knew the order's limit can hold more: the order service would refuse it.
  if (cart.items.length > MAX_LINES) {
    throw AppError.unprocessable(`an order takes at most ${MAX_LINES} different products and the cart holds ${cart.items.length}; remove some lines`);
  }
  const priced = await refreshPrices(input.customer.id, cart, deps);
  const ordered = priced.items.map(({ productId, quantity }) => ({ productId, quantity }));
  const answer = await deps.orders.place({ ...input, items: ordered });
  if (answer.status === 202) await rememberOrder(input, ordered, answer, deps);
  return answer;
}

/** Prices may have changed since the items were added: the cart shows (and the order is placed at) today's. */
async function refreshPrices(userId: string, cart: Cart, deps: CheckOutDeps): Promise<Cart> {
  const prices = await deps.prices.pricesOf(cart.items.map((item) => item.productId));
  const vanished = cart.items.filter((item) => !prices.has(item.productId)).map((item) => item.productId);
  if (vanished.length > 0) throw AppError.unprocessable(`these products no longer exist; remove them from the cart: ${vanished.join(', ')}`);
  if (cart.items.every((item) => prices.get(item.productId) === item.priceCents)) return cart;
  return updateCart(userId, (current) => withPrices(current, prices), deps);
}

async function rememberOrder(input: CheckOut, ordered: { productId: string; quantity: number }[], answer: OrderAnswer, deps: CheckOutDeps): Promise<void> {
  const order = answer.body as { id: string; status: string };
  await updateCart(input.customer.id, (cart) => recordCheckout(cart, ordered, { key: input.idempotencyKey, orderId: order.id, status: order.status }), deps);
}
