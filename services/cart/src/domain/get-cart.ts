import { viewOf, type CartView } from './cart';
import { readCart, type UpdateDeps } from './update-cart';

export async function getCart(userId: string, deps: Pick<UpdateDeps, 'carts'>): Promise<CartView> {
  return viewOf(await readCart(userId, deps));
}
