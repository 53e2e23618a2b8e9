import { isEntityId } from './entity-id';
import { inventoryLowStock } from './events';
import type { InTransaction } from './ports';
import { lowStockCrossing, noStock, onHandBelowReserved, stockNotFound, toStockView, type StockChange, type StockView } from './stock';

export interface SetStockDeps {
  inTransaction: InTransaction;
}

/** An admin counts the shelf: on hand is overwritten, but never below what open orders already hold. */
export async function setStock(productId: string, change: StockChange, deps: SetStockDeps): Promise<StockView> {
  if (!isEntityId(productId)) throw stockNotFound(productId);
  return deps.inTransaction(async (tx) => {
    const [before = noStock(productId)] = await tx.stock.lock([productId]);
    const after = await tx.stock.set(productId, change);
    if (!after) throw onHandBelowReserved(change, before.reserved);
    const crossing = lowStockCrossing(before, after);
    if (crossing) await tx.recordEvent(inventoryLowStock(crossing));
    return toStockView(after);
  });
}
