import type { WorkflowContext } from '@dapr/dapr';
import { Registry } from 'prom-client';
import { createOrderMetrics } from '../../src/metrics';
import { observed } from '../../src/workflow/observed';

async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want));
  return sample?.value;
}

const metricsIn = (registry: Registry, countStuckPending: () => Promise<number> = async () => 0) =>
  createOrderMetrics(registry, { stuckAfterSeconds: 300, countStuckPending });

describe('order metrics', () => {
  it('when orders are confirmed, then the confirmed count and the revenue grow by their totals', async () => {
    const registry = new Registry();
    const metrics = metricsIn(registry);

    metrics.created({ totalCents: 1000 });
    metrics.confirmed({ totalCents: 1000 });
    metrics.confirmed({ totalCents: 250 });

    expect(await valueOf(registry, 'shop_orders_created_total')).toBe(1);
    expect(await valueOf(registry, 'shop_orders_confirmed_total')).toBe(2);
    expect(await valueOf(registry, 'shop_order_revenue_cents_total')).toBe(1250);
  });

  it('when orders are cancelled, then they count by reason and only a confirmed one counts as refunded', async () => {
    const registry = new Registry();
    const metrics = metricsIn(registry);

    metrics.cancelled({ totalCents: 700, wasConfirmed: false }, 'payment_declined');
    metrics.cancelled({ totalCents: 300, wasConfirmed: true }, 'cancelled_by_user');

    expect(await valueOf(registry, 'shop_orders_cancelled_total', { reason: 'payment_declined' })).toBe(1);
    expect(await valueOf(registry, 'shop_orders_cancelled_total', { reason: 'cancelled_by_user' })).toBe(1);
    expect(await valueOf(registry, 'shop_order_refunded_cents_total')).toBe(300);
  });

  it('when nothing was cancelled yet, then every reason is served at 0 (a series born at 1 would show no increase)', async () => {
    const registry = new Registry();
    metricsIn(registry);

    expect(await valueOf(registry, 'shop_orders_cancelled_total', { reason: 'payment_declined' })).toBe(0);
    expect(await valueOf(registry, 'shop_orders_cancelled_total', { reason: 'inventory_unavailable' })).toBe(0);
  });

  it('when scraped, then the stuck-PENDING gauge reads the count at that moment, and a failing read keeps the last one', async () => {
    const registry = new Registry();
    let answer: () => Promise<number> = async () => 3;
    metricsIn(registry, () => answer());

    expect(await valueOf(registry, 'shop_orders_pending_stuck')).toBe(3);
    answer = async () => Promise.reject(new Error('database down'));
    expect(await valueOf(registry, 'shop_orders_pending_stuck')).toBe(3);
  });
});

describe('observed workflows', () => {
  const context = (replaying: boolean) => ({ isReplaying: () => replaying }) as unknown as WorkflowContext;
  async function* ends(result: 'CONFIRMED' | 'CANCELLED'): AsyncGenerator<unknown, 'CONFIRMED' | 'CANCELLED', any> {
    yield 'an activity';
    return result;
  }
  async function* fails(): AsyncGenerator<unknown, 'CONFIRMED', any> {
    yield 'an activity';
    throw new Error('boom');
  }
  async function drain(generator: AsyncGenerator<unknown, unknown, unknown>): Promise<void> {
    while (!(await generator.next()).done);
  }

  it('when the execution that ends a workflow is not a replay, then its result is counted once', async () => {
    const ended: string[] = [];

    await drain(observed('checkout', () => ends('CANCELLED'), { workflowEnded: (w, r) => ended.push(`${w}:${r}`) })(context(false), undefined));

    expect(ended).toEqual(['checkout:CANCELLED']);
  });

  it('when a replay runs the workflow to its end again, then nothing more is counted', async () => {
    const ended: string[] = [];

    await drain(observed('checkout', () => ends('CONFIRMED'), { workflowEnded: (w, r) => ended.push(`${w}:${r}`) })(context(true), undefined));

    expect(ended).toEqual([]);
  });

  it('when the orchestrator throws, then it counts as FAILED and the error still propagates', async () => {
    const ended: string[] = [];

    const run = drain(observed('checkout', fails, { workflowEnded: (w, r) => ended.push(`${w}:${r}`) })(context(false), undefined));

    await expect(run).rejects.toThrow('boom');
    expect(ended).toEqual(['checkout:FAILED']);
  });
});
