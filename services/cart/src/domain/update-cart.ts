import { AppError } from '@shop/service-kit';
import { emptyCart, withCanonicalIds, type Cart } from './cart';
import type { CartStore, VersionedCart } from './ports';

export interface RetryPolicy {
  attempts: number;
  /** Milliseconds to wait before attempt `attempt + 1` (attempt counts from 1). */
  delayMs(attempt: number): number;
  sleep(ms: number): Promise<void>;
}

/** Full jitter on an exponential ceiling: concurrent writers of one cart spread out instead of colliding again. */
export const jitteredBackoff: RetryPolicy = {
  attempts: 20,
  delayMs: (attempt) => Math.random() * Math.min(200, 5 * 2 ** attempt),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface UpdateDeps {
  carts: CartStore;
  retry?: RetryPolicy;
}

/**
 * Read → change → conditional write, again from a fresh read when someone else wrote in between, so concurrent
 * changes to one cart all land. `change` is pure and may throw (an AppError ends the update without writing).
 */
export async function updateCart(userId: string, change: (cart: Cart) => Cart, deps: UpdateDeps): Promise<Cart> {
  const retry = deps.retry ?? jitteredBackoff;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    const current = await readVersioned(userId, deps);
    const next = change(current?.cart ?? emptyCart());
    if ((await deps.carts.write(userId, next, current?.etag)) === 'saved') return next;
    if (attempt < retry.attempts) await retry.sleep(retry.delayMs(attempt));
  }
  throw AppError.conflict('the cart is being changed by too many requests at once; try again');
}

export async function readCart(userId: string, deps: Pick<UpdateDeps, 'carts'>): Promise<Cart> {
  return (await readVersioned(userId, deps))?.cart ?? emptyCart();
}

async function readVersioned(userId: string, deps: Pick<UpdateDeps, 'carts'>): Promise<VersionedCart | undefined> {
  const stored = await deps.carts.read(userId);
  return stored && { ...stored, cart: withCanonicalIds(stored.cart) };
}
