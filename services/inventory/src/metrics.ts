import { Counter, type Registry } from 'prom-client';

/** Counts the `inventory.low_stock` events of each committed transaction (a stock level crossing its threshold). */
export function lowStockCounter(registry: Registry): (committedEventTypes: string[]) => void {
  const lowStock = new Counter({
    name: 'shop_inventory_low_stock_events_total',
    help: 'Stock levels that fell to or below their low-stock threshold (inventory.low_stock events committed)',
    registers: [registry],
  });
  return (types) => {
    const crossings = types.filter((type) => type === 'inventory.low_stock').length;
    if (crossings) lowStock.inc(crossings);
  };
}
