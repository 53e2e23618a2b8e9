import { isEntityId } from './entity-id';
import type { StockReader } from './ports';
import { noStock, stockNotFound, toStockView, type StockView } from './stock';

export interface GetStockDeps {
  stockReader: StockReader;
}

export async function getStock(productId: string, deps: GetStockDeps): Promise<StockView> {
  if (!isEntityId(productId)) throw stockNotFound(productId);
  return toStockView((await deps.stockReader.find(productId)) ?? noStock(productId));
}
