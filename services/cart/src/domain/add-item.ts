import { AppError } from '@shop/service-kit';
import { addLine, viewOf, type CartView } from './cart';
import type { PriceList } from './ports';
import { updateCart, type UpdateDeps } from './update-cart';

export interface AddItem {
  userId: string;
  productId: string;
  quantity: number;
}

export type AddItemDeps = UpdateDeps & { prices: PriceList };

export async function addItem(input: AddItem, deps: AddItemDeps): Promise<CartView> {
  const priceCents = (await deps.prices.pricesOf([input.productId])).get(input.productId);
  if (priceCents === undefined) throw AppError.notFound(`product ${input.productId} does not exist`);
  const cart = await updateCart(input.userId, (current) => addLine(current, { productId: input.productId, quantity: input.quantity, priceCents }), deps);
  return viewOf(cart);
}
