import { AppError } from '@shop/service-kit';

/** What the stock table holds for one product. */
export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

/** What callers see: the level and what can still be promised. */
export interface StockView extends StockLevel {
  available: number;
}

export interface StockChange {
  onHand: number;
  lowStockThreshold?: number;
}

/** A relative change of one product's counters, applied atomically by the database. */
export interface StockAdjustment {
  productId: string;
  onHand: number;
  reserved: number;
}

export interface LowStock {
  productId: string;
  available: number;
  threshold: number;
}

/** A product nobody has stocked yet reads as all zeros rather than "not found": it simply cannot be sold. */
export const noStock = (productId: string): StockLevel => ({ productId, onHand: 0, reserved: 0, lowStockThreshold: 0 });

export const availableOf = (level: StockLevel): number => level.onHand - level.reserved;

export const toStockView = (level: StockLevel): StockView => ({ ...level, available: availableOf(level) });

/**
 * Low stock is announced when available goes from at or above the threshold to below it, so a product that stays low
 * while orders keep coming does not flood the subscribers.
 */
export function lowStockCrossing(before: StockLevel, after: StockLevel): LowStock | undefined {
  const threshold = after.lowStockThreshold;
  const available = availableOf(after);
  if (availableOf(before) >= threshold && available < threshold) return { productId: after.productId, available, threshold };
  return undefined;
}

/** The crossings among products changed together; `before` holds their levels as locked before the change. */
export function lowStockCrossings(before: StockLevel[], after: StockLevel[]): LowStock[] {
  return after.flatMap((level) => {
    const crossing = lowStockCrossing(before.find((b) => b.productId === level.productId) ?? noStock(level.productId), level);
    return crossing ? [crossing] : [];
  });
}

export const stockNotFound = (productId: string) => AppError.notFound(`no stock can exist for ${productId}: not a product id`);

export const unknownProduct = (productId: string) =>
  AppError.notFound(`product ${productId} is not in the catalog: stock can only be set for a product the catalog sells`);

export const onHandBelowReserved = (change: StockChange, reserved: number) =>
  AppError.conflict(`onHand ${change.onHand} is below the ${reserved} units reserved for open orders`);
