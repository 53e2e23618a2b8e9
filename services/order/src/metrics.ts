import { Counter, Gauge, type Registry } from 'prom-client';
import { CANCEL_REASONS, type CancelReason } from './domain/order';
import type { OrderMetrics } from './domain/ports';
import type { WorkflowMetrics } from './workflow/observed';

export interface OrderServiceMetricsOptions {
  /** PENDING orders older than the threshold, read at each scrape. */
  countStuckPending: () => Promise<number>;
  stuckAfterSeconds: number;
}

/** The order service's business metrics, in the instance's registry (served by /metrics). */
export function createOrderMetrics(registry: Registry, options: OrderServiceMetricsOptions): OrderMetrics & WorkflowMetrics {
  const registers = [registry];
  const created = new Counter({ name: 'shop_orders_created_total', help: 'Orders placed (stored PENDING, checkout started)', registers });
  const confirmed = new Counter({ name: 'shop_orders_confirmed_total', help: 'Orders the checkout confirmed (stock committed, payment captured)', registers });
  const cancelled = new Counter({
    name: 'shop_orders_cancelled_total',
    help: 'Orders cancelled, by reason (out_of_stock, payment_declined, payment_unavailable, cancelled_by_user, ...)',
    labelNames: ['reason'] as const,
    registers,
  });
  // Every reason at 0 from the start: a series born at 1 has no increase() for rules and panels to see.
  for (const reason of CANCEL_REASONS) cancelled.inc({ reason }, 0);
  const revenue = new Counter({ name: 'shop_order_revenue_cents_total', help: 'Revenue of confirmed orders, in US cents', registers });
  const refunded = new Counter({ name: 'shop_order_refunded_cents_total', help: 'Totals of confirmed orders later cancelled (refunded), in US cents', registers });
  const workflows = new Counter({
    name: 'shop_order_workflows_total',
    help: 'Order workflows that ended, by workflow (checkout, cancelConfirmedOrder) and result (CONFIRMED, CANCELLED, TOO_LATE: a cancellation that came after the parcel left, FAILED)',
    labelNames: ['workflow', 'result'] as const,
    registers,
  });
  new Gauge({
    name: 'shop_orders_pending_stuck',
    help: `Orders still PENDING ${options.stuckAfterSeconds} s after they were placed (a checkout that should have ended)`,
    registers,
    async collect() {
      // A scrape while the database is down reads nothing rather than failing the whole /metrics answer.
      const count = await options.countStuckPending().catch(() => undefined);
      if (count !== undefined) this.set(count);
    },
  });

  return {
    created: () => created.inc(),
    confirmed: ({ totalCents }) => {
      confirmed.inc();
      revenue.inc(totalCents);
    },
    cancelled: ({ totalCents, wasConfirmed }, reason: CancelReason) => {
      cancelled.inc({ reason });
      if (wasConfirmed) refunded.inc(totalCents);
    },
    workflowEnded: (workflow, result) => workflows.inc({ workflow, result }),
  };
}
