import { everyMonitoringQuery, unexportedMetrics } from '../../monitoring/test/queried-metrics';
import { exposedNames, parseSamples, scrape } from '../support/prometheus-text';
import { eventually, platform, registerAndLogin } from './support/platform';
import { placeOrder, settled, stockedProduct } from './support/shop';

const appMetrics = (appId: string) => scrape(`http://127.0.0.1:${platform().apps[appId]!.opsPort}/metrics`);
const sidecarMetrics = (appId: string) => scrape(`http://127.0.0.1:${platform().apps[appId]!.metricsPort}/metrics`);

/** One app's /metrics (operational endpoint on its operations port), as sample line → value. */
async function samples(appId: string): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const sample of parseSamples(await appMetrics(appId))) {
    const labels = Object.entries(sample.labels).map(([label, value]) => `${label}="${value}"`);
    values.set(labels.length ? `${sample.name}{${labels.join(',')}}` : sample.name, sample.value);
  }
  return values;
}

/**
 * Every metric name served now by an app or a sidecar, plus everything Prometheus has scraped during the run: the
 * control plane, its own series (up, …), and what an app or a sidecar served earlier.
 */
async function liveMetricNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const appId of Object.keys(platform().apps)) {
    if (appId !== 'event-probe') for (const name of exposedNames(await appMetrics(appId))) names.add(name);
    for (const name of exposedNames(await sidecarMetrics(appId))) names.add(name);
  }
  const scraped = (await (await fetch(`${platform().prometheusUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] };
  for (const name of scraped.data) names.add(name);
  return names;
}

const BUSINESS = {
  order: [
    'shop_orders_created_total',
    'shop_orders_confirmed_total',
    'shop_orders_cancelled_total{reason="payment_declined"}',
    'shop_order_revenue_cents_total',
    'shop_order_workflows_total{workflow="checkout",result="CONFIRMED"}',
    'shop_order_workflows_total{workflow="checkout",result="CANCELLED"}',
  ],
  payment: ['shop_payment_attempts_total{outcome="captured"}', 'shop_payment_attempts_total{outcome="declined"}'],
} as const;

type Reading = Record<string, number>;

async function readBusinessCounters(): Promise<Reading> {
  const reading: Reading = {};
  for (const [appId, names] of Object.entries(BUSINESS)) {
    const values = await samples(appId);
    for (const name of names) reading[name] = values.get(name) ?? 0;
  }
  return reading;
}

const delta = (after: Reading, before: Reading): Reading => Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));

interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

describe('metrics and Prometheus on the integration platform', () => {
  it('when 2 orders are confirmed and 1 declined through the gateway, then the business counters moved by exactly that', async () => {
    const product = await stockedProduct(10, 1_000);
    const customer = await registerAndLogin('metrics');
    const before = await readBusinessCounters();

    const placed = [
      await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa'),
      await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 2 }], 'tok_visa'),
      await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_chargeDeclined'),
    ];
    const orders = await Promise.all(placed.map((response) => settled(customer.accessToken, response.body.id)));
    // The workflow counter moves when the orchestrator's last step completes, a moment after the order's status.
    const moved = await eventually('the counters to settle', async () => {
      const change = delta(await readBusinessCounters(), before);
      return change['shop_order_workflows_total{workflow="checkout",result="CANCELLED"}']! >= 1 && change['shop_order_workflows_total{workflow="checkout",result="CONFIRMED"}']! >= 2 ? change : undefined;
    });

    expect(orders.map((order) => order.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(moved).toEqual({
      shop_orders_created_total: 3,
      shop_orders_confirmed_total: 2,
      'shop_orders_cancelled_total{reason="payment_declined"}': 1,
      shop_order_revenue_cents_total: 3_000,
      'shop_order_workflows_total{workflow="checkout",result="CONFIRMED"}': 2,
      'shop_order_workflows_total{workflow="checkout",result="CANCELLED"}': 1,
      'shop_payment_attempts_total{outcome="captured"}': 2,
      'shop_payment_attempts_total{outcome="declined"}': 1,
    });
  });

  it('when an app is asked for /metrics, then it serves the outbox, pool and event-processing metrics too', async () => {
    const order = await samples('order');
    const notification = await samples('notification');

    expect(order.has('shop_outbox_backlog')).toBe(true);
    expect(order.has('shop_outbox_oldest_unsent_age_seconds')).toBe(true);
    expect(order.has('shop_db_pool_connections{state="used"}')).toBe(true);
    expect(order.has('shop_orders_pending_stuck')).toBe(true);
    expect([...notification.keys()].some((name) => name.startsWith('shop_event_processing_seconds_count{topic="order.confirmed"'))).toBe(true);
  });

  it('when Prometheus is asked for its targets, then every app, every daprd and the control plane are scraped and up', async () => {
    const apps = Object.keys(platform().apps);
    const serviceApps = apps.filter((app) => app !== 'event-probe');

    const targets = await eventually(
      'every target scraped as up',
      async () => {
        const answer = (await (await fetch(`${platform().prometheusUrl}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Target[] } };
        const active = answer.data.activeTargets;
        return active.length > 0 && active.every((target) => target.health === 'up') ? active : undefined;
      },
      60_000,
    ).catch(async (error: Error) => {
      const answer = (await (await fetch(`${platform().prometheusUrl}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Target[] } };
      const down = answer.data.activeTargets.filter((t) => t.health !== 'up').map((t) => `${t.labels.job}/${t.labels.app ?? t.labels.component}: ${t.health} ${t.lastError}`);
      throw new Error(`${error.message}; not up: ${down.join('; ')}`);
    });
    const byJob = (job: string) => targets.filter((t) => t.labels.job === job).map((t) => t.labels.app ?? t.labels.component).sort();

    expect(byJob('apps')).toEqual([...serviceApps].sort());
    expect(byJob('daprd')).toEqual([...apps].sort());
    expect(byJob('dapr-control-plane')).toEqual(['placement', 'scheduler', 'sentry']);
    expect(byJob('prometheus')).toHaveLength(1);
  });

  it('when every app, every daprd and Prometheus are asked what they export after a checkout, then every metric a dashboard or an alert rule queries is there', async () => {
    const product = await stockedProduct(5, 1_000);
    const customer = await registerAndLogin('exported');
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(customer.accessToken, placed.body.id);
    const missing = () => liveMetricNames().then((names) => unexportedMetrics(everyMonitoringQuery(), names));

    // A family shows up once its first sample exists (Dapr's); Prometheus scrapes every 5 s.
    await eventually('every queried metric in a scrape', async () => ((await missing()).length === 0 ? true : undefined), 30_000).catch(() => undefined);

    expect(await missing()).toEqual([]);
  }, 60_000);
});

