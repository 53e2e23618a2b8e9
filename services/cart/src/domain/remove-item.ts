import { removeLine } from './cart';
import { updateCart, type UpdateDeps } from './update-cart';

export async function removeItem(input: { userId: string; productId: string }, deps: UpdateDeps): Promise<void> {
  await updateCart(input.userId, (cart) => removeLine(cart, input.productId), deps);
}
