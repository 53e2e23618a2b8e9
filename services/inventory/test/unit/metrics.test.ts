import { Registry } from 'prom-client';
import { lowStockCounter } from '../../src/metrics';

describe('low-stock metrics', () => {
  it('when committed transactions recorded low-stock events among others, then only those are counted', async () => {
    const registry = new Registry();
    const committed = lowStockCounter(registry);

    committed(['inventory.reserved', 'inventory.low_stock', 'inventory.low_stock']);
    committed(['inventory.reserved']);

    expect(await registry.metrics()).toContain('shop_inventory_low_stock_events_total 2');
  });
});
