import { Registry } from 'prom-client';
import { OutboxMetrics } from '../../src/metrics/outbox-metrics';
import { observeDatabasePool, type PoolCounts } from '../../src/metrics/pool-metrics';

async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want));
  return sample?.value;
}

describe('outbox metrics', () => {
  it('when the relay reads a backlog, then the gauges show the unsent rows and the oldest age', async () => {
    const registry = new Registry();
    const metrics = new OutboxMetrics(registry);

    metrics.recordBacklog({ unsent: 3, oldestAgeSeconds: 42.5 });

    expect(await valueOf(registry, 'shop_outbox_backlog')).toBe(3);
    expect(await valueOf(registry, 'shop_outbox_oldest_unsent_age_seconds')).toBe(42.5);
  });

  it('when the outbox is drained, then the oldest age reads 0 whatever the query answered', async () => {
    const registry = new Registry();
    const metrics = new OutboxMetrics(registry);
    metrics.recordBacklog({ unsent: 2, oldestAgeSeconds: 10 });

    metrics.recordBacklog({ unsent: 0, oldestAgeSeconds: 7 });

    expect(await valueOf(registry, 'shop_outbox_backlog')).toBe(0);
    expect(await valueOf(registry, 'shop_outbox_oldest_unsent_age_seconds')).toBe(0);
  });

  it('when passes publish and fail, then the counters add them up', async () => {
    const registry = new Registry();
    const metrics = new OutboxMetrics(registry);

    metrics.recordPass(4, 1);
    metrics.recordPass(2, 0);

    expect(await valueOf(registry, 'shop_outbox_published_total')).toBe(6);
    expect(await valueOf(registry, 'shop_outbox_publish_failures_total')).toBe(1);
  });
});

describe('database pool metrics', () => {
  it('when scraped, then used, free and pending connections are read from the pool at that moment', async () => {
    const registry = new Registry();
    let used = 1;
    const pool: PoolCounts = { numUsed: () => used, numFree: () => 2, numPendingAcquires: () => 5, max: 10 };
    observeDatabasePool(registry, () => pool);

    used = 7;

    expect(await valueOf(registry, 'shop_db_pool_connections', { state: 'used' })).toBe(7);
    expect(await valueOf(registry, 'shop_db_pool_connections', { state: 'free' })).toBe(2);
    expect(await valueOf(registry, 'shop_db_pool_connections', { state: 'pending' })).toBe(5);
    expect(await valueOf(registry, 'shop_db_pool_max')).toBe(10);
  });

  it('when the pool does not exist (yet or any more), then every state reads 0', async () => {
    const registry = new Registry();
    observeDatabasePool(registry, () => undefined);

    expect(await valueOf(registry, 'shop_db_pool_connections', { state: 'used' })).toBe(0);
    expect(await valueOf(registry, 'shop_db_pool_max')).toBe(0);
  });
});
