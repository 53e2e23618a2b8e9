import { setQuantity, viewOf, type CartView } from './cart';
import { updateCart, type UpdateDeps } from './update-cart';

export async function changeQuantity(input: { userId: string; productId: string; quantity: number }, deps: UpdateDeps): Promise<CartView> {
  return viewOf(await updateCart(input.userId, (cart) => setQuantity(cart, input.productId, input.quantity), deps));
}
