import { Client } from 'pg';
import { parseSamples, scrape, sumOf, type Sample } from '../../support/prometheus-text';

/** One business counter held against what the databases say the suite did. */
export interface CounterCheck {
  app: string;
  metric: string;
  labels?: Record<string, string>;
  /** What the rows of the app's own database add up to. */
  expected: number;
}

export interface AuditedPlatform {
  databaseUrl(appId: string): string;
  metricsUrl(appId: string): string;
}

async function rows<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * What every business counter must read after the suite, derived from the rows the suite left behind: orders and their
 * status history, payments and their history, the inventory's committed low-stock events, the dead-letter office's
 * records. (The catalog's cache hits and misses have no rows to hold them against.)
 */
export async function expectedCounters(platform: AuditedPlatform): Promise<CounterCheck[]> {
  const order = platform.databaseUrl('order');
  const [placed] = await rows<{ orders: string }>(order, 'select count(*) as orders from orders');
  const [confirmed] = await rows<{ orders: string; revenue: string }>(
    order,
    `select count(*) as orders, sum(o.total_cents) as revenue from order_status_history h join orders o on o.id = h.order_id where h.status = 'CONFIRMED'`,
  );
  const cancelled = await rows<{ reason: string; orders: string; after_confirmation: string; refunded: string }>(
    order,
    `select h.reason, count(*) as orders,
            count(*) filter (where c.order_id is not null) as after_confirmation,
            coalesce(sum(o.total_cents) filter (where c.order_id is not null), 0) as refunded
       from order_status_history h
       join orders o on o.id = h.order_id
       left join (select distinct order_id from order_status_history where status = 'CONFIRMED') c on c.order_id = h.order_id
      where h.status = 'CANCELLED'
      group by h.reason`,
  );
  const cancelledAfterConfirmation = cancelled.reduce((sum, row) => sum + count(row.after_confirmation), 0);
  const cancelledInCheckout = cancelled.reduce((sum, row) => sum + count(row.orders), 0) - cancelledAfterConfirmation;

  const payment = platform.databaseUrl('payment');
  const charges = await rows<{ status: string; charges: string; cents: string }>(
    payment,
    `select h.status, count(*) as charges, sum(p.amount_cents) as cents from payment_history h join payments p on p.id = h.payment_id
      where h.status in ('CAPTURED', 'DECLINED') group by h.status`,
  );
  const chargesOf = (status: string) => charges.find((row) => row.status === status);

  const [lowStock] = await rows<{ events: string }>(platform.databaseUrl('inventory'), `select count(*) as events from outbox where type = 'inventory.low_stock'`);
  const deadLetters = await rows<{ topic: string; received: string }>(platform.databaseUrl('deadletters'), 'select topic, sum(times_received) as received from dead_letters group by topic');

  return [
    { app: 'order', metric: 'shop_orders_created_total', expected: count(placed?.orders) },
    { app: 'order', metric: 'shop_orders_confirmed_total', expected: count(confirmed?.orders) },
    { app: 'order', metric: 'shop_order_revenue_cents_total', expected: count(confirmed?.revenue) },
    ...cancelled.map((row) => ({ app: 'order', metric: 'shop_orders_cancelled_total', labels: { reason: row.reason }, expected: count(row.orders) })),
    { app: 'order', metric: 'shop_orders_cancelled_total', expected: cancelled.reduce((sum, row) => sum + count(row.orders), 0) },
    { app: 'order', metric: 'shop_order_refunded_cents_total', expected: cancelled.reduce((sum, row) => sum + count(row.refunded), 0) },
    { app: 'order', metric: 'shop_order_workflows_total', labels: { workflow: 'checkout', result: 'CONFIRMED' }, expected: count(confirmed?.orders) },
    { app: 'order', metric: 'shop_order_workflows_total', labels: { workflow: 'checkout', result: 'CANCELLED' }, expected: cancelledInCheckout },
    { app: 'order', metric: 'shop_order_workflows_total', labels: { workflow: 'cancelConfirmedOrder', result: 'CANCELLED' }, expected: cancelledAfterConfirmation },
    { app: 'order', metric: 'shop_order_workflows_total', labels: { result: 'FAILED' }, expected: 0 },
    { app: 'payment', metric: 'shop_payment_attempts_total', labels: { outcome: 'captured' }, expected: count(chargesOf('CAPTURED')?.charges) },
    { app: 'payment', metric: 'shop_payment_attempts_total', labels: { outcome: 'declined' }, expected: count(chargesOf('DECLINED')?.charges) },
    { app: 'payment', metric: 'shop_payment_captured_cents_total', expected: count(chargesOf('CAPTURED')?.cents) },
    { app: 'inventory', metric: 'shop_inventory_low_stock_events_total', expected: count(lowStock?.events) },
    ...deadLetters.map((row) => ({ app: 'deadletters', metric: 'shop_dead_letters_received_total', labels: { topic: row.topic }, expected: count(row.received) })),
    { app: 'deadletters', metric: 'shop_dead_letters_received_total', expected: deadLetters.reduce((sum, row) => sum + count(row.received), 0) },
  ];
}

const describeCheck = (check: CounterCheck) => `${check.app} ${check.metric}${check.labels ? JSON.stringify(check.labels) : ''}`;

/** The checks whose counter does not read what the rows say, as "what: counter N, rows M". */
export async function counterMismatches(platform: AuditedPlatform, checks: CounterCheck[]): Promise<string[]> {
  const exposition = new Map<string, Sample[]>();
  for (const app of new Set(checks.map((check) => check.app))) exposition.set(app, parseSamples(await scrape(platform.metricsUrl(app))));
  return checks.flatMap((check) => {
    const actual = sumOf(exposition.get(check.app)!, check.metric, check.labels);
    return actual === check.expected ? [] : [`${describeCheck(check)}: counter ${actual}, rows ${check.expected}`];
  });
}

/**
 * After the end-to-end suite, once no order is PENDING, every business counter must equal what the databases hold. The
 * platform is never restarted during the suite (crashes run on the chaos platform), so no counter was reset. Retries
 * while the last workflows finish (their counter moves a moment after the order's status); returns what still differs.
 */
export async function auditBusinessCounters(platform: AuditedPlatform, timeoutMs = 60_000): Promise<{ checks: CounterCheck[]; mismatches: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [pending] = await rows<{ orders: string }>(platform.databaseUrl('order'), `select count(*) as orders from orders where status = 'PENDING'`);
    const checks = await expectedCounters(platform);
    const mismatches = await counterMismatches(platform, checks);
    if (count(pending?.orders) > 0) mismatches.unshift(`${pending!.orders} orders still PENDING`);
    if (!mismatches.length || Date.now() > deadline) return { checks, mismatches };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
