import { emptied } from './cart';
import { updateCart, type UpdateDeps } from './update-cart';

/** Removes every line; the remembered checkouts stay, so retried checkouts still answer their order. */
export async function emptyCartOf(userId: string, deps: UpdateDeps): Promise<void> {
  await updateCart(userId, emptied, deps);
}
