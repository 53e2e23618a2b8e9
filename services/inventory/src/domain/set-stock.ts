import { isEntityId } from './entity-id';
import { inventoryLowStock } from './events';
import type { InTransaction, ProductCatalog, StockReader } from './ports';
import { lowStockCrossing, noStock, onHandBelowReserved, stockNotFound, toStockView, unknownProduct, type StockChange, type StockView } from './stock';

export interface SetStockDeps {
  inTransaction: InTransaction;
  stockReader: StockReader;
  catalog: ProductCatalog;
}

/**
 * An admin counts the shelf: on hand is overwritten, but never below what open orders already hold. Stock is first
 * created only for a product the catalog sells; once it exists, recounting it does not ask the catalog again.
 */
export async function setStock(productId: string, change: StockChange, deps: SetStockDeps): Promise<StockView> {
  if (!isEntityId(productId)) throw stockNotFound(productId);
  if (!(await deps.stockReader.find(productId))) await assertSold(productId, deps.catalog);
  return deps.inTransaction(async (tx) => {
    const [before = noStock(productId)] = await tx.stock.lock([productId]);
    const after = await tx.stock.set(productId, change);
    if (!after) throw onHandBelowReserved(change, before.reserved);
    const crossing = lowStockCrossing(before, after);
    if (crossing) await tx.recordEvent(inventoryLowStock(crossing));
    return toStockView(after);
  });
}

/** Asked before the transaction, so no stock row stays locked while the catalog answers. */
async function assertSold(productId: string, catalog: ProductCatalog): Promise<void> {
  if (!(await catalog.exists(productId))) throw unknownProduct(productId);
}
