import type { Knex, Outbox } from '@shop/service-kit';
import { cancellationPlanFor, shippingSteps, type CancelReason, type Order, type OrderLine, type OrderStatus, type ShippingAddress, type StatusChange } from '../domain/order';
import { noOrderMetrics, type CreationResult, type IdempotentCreation, type NewOrder, type OrderMetrics, type Orders } from '../domain/ports';

interface OrderRow {
  id: string;
  user_id: string;
  customer_email: string;
  status: OrderStatus;
  total_cents: number;
  currency: 'USD';
  shipping_address: ShippingAddress;
  payment_token: string;
  created_at: Date;
}

/** What the checkout workflow needs to run: the order's lines, amount and payment token. */
export interface CheckoutOrder {
  orderId: string;
  userId: string;
  items: { productId: string; quantity: number; priceCents: number }[];
  totalCents: number;
  currency: 'USD';
  paymentToken: string;
}

export type ConfirmOutcome = 'confirmed' | 'cancel_requested';
export type CancelOutcome = 'cancelled' | 'too_late';

/**
 * Orders, their lines and status history, idempotency keys and the outbox, in one database. Every status change is a
 * conditional UPDATE (it only moves forward from the state it expects) written with its history row and its event.
 */
export class OrderRepository implements Orders {
  constructor(
    private readonly db: Knex,
    private readonly outbox: Outbox,
    private readonly afterEvents: () => void,
    private readonly metrics: OrderMetrics = noOrderMetrics,
  ) {}

  async createPending(order: NewOrder, idempotency: IdempotentCreation): Promise<CreationResult> {
    const created = await this.db.transaction(async (trx) => {
      await trx('orders').insert({
        id: order.id,
        user_id: order.userId,
        customer_email: order.customerEmail,
        status: 'PENDING',
        total_cents: order.totalCents,
        currency: 'USD',
        shipping_address: JSON.stringify(order.shippingAddress),
        payment_token: order.paymentToken,
        coupon_code: order.couponCode ?? null,
      });
      // The key insert waits for a concurrent transaction holding the same key; when that one commits, ours
      // conflicts and rolls back, and the caller gets the winner's order.
      const claimed = await trx('idempotency_keys')
        .insert({ user_id: order.userId, key: idempotency.key, body_hash: idempotency.bodyHash, order_id: order.id })
        .onConflict(['user_id', 'key'])
        .ignore()
        .returning('order_id');
      if (claimed.length === 0) throw new KeyAlreadyClaimed();
      await trx('order_items').insert(order.items.map((line) => ({ order_id: order.id, product_id: line.productId, sku: line.sku, name: line.name, quantity: line.quantity, price_cents: line.priceCents })));
      await trx('order_status_history').insert({ order_id: order.id, status: 'PENDING' });
      await this.outbox.enqueue(trx, 'order.created', eventData(order.id, order.userId, order.customerEmail, order.items, order.totalCents), order.id);
      return true;
    }).catch((error: unknown) => {
      if (error instanceof KeyAlreadyClaimed) return false;
      throw error;
    });
    if (created) {
      this.afterEvents();
      this.metrics.created(order);
      return { outcome: 'created', order: (await this.get(order.id))! };
    }
    const existing = await this.findByIdempotencyKey(order.userId, idempotency.key);
    if (!existing) throw new Error('the idempotency key conflicted but no order holds it');
    return { outcome: 'existing', ...existing };
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<{ order: Order; bodyHash: string } | undefined> {
    const row = (await this.db('idempotency_keys').where({ user_id: userId, key }).first()) as { order_id: string; body_hash: string } | undefined;
    if (!row) return undefined;
    return { order: (await this.get(row.order_id))!, bodyHash: row.body_hash };
  }

  async get(orderId: string): Promise<Order | undefined> {
    const row = (await this.db('orders').where({ id: orderId }).first()) as OrderRow | undefined;
    if (!row) return undefined;
    const [order] = await this.withLinesAndHistory([row]);
    return order;
  }

  async list(filter: { userId?: string }, page: { page: number; pageSize: number }): Promise<{ items: Order[]; total: number }> {
    const base = this.db('orders').modify((query) => {
      if (filter.userId) query.where({ user_id: filter.userId });
    });
    const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: number | string }];
    const rows = (await base.clone().orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(page.pageSize).offset((page.page - 1) * page.pageSize)) as OrderRow[];
    return { items: await this.withLinesAndHistory(rows), total: Number(count) };
  }

  async requestCancellation(orderId: string): Promise<{ status: OrderStatus; firstRequest: boolean } | undefined> {
    const [first] = (await this.db('orders')
      .where({ id: orderId })
      .whereIn('status', ['PENDING', 'CONFIRMED'])
      .whereNull('cancel_requested_at')
      .update({ cancel_requested_at: this.db.fn.now(), updated_at: this.db.fn.now() })
      .returning('status')) as { status: OrderStatus }[];
    if (first) return { status: first.status, firstRequest: true };
    const again = (await this.db('orders').where({ id: orderId }).whereIn('status', ['PENDING', 'CONFIRMED']).first('status')) as { status: OrderStatus } | undefined;
    return again ? { status: again.status, firstRequest: false } : undefined;
  }

  async withdrawCancellation(orderId: string): Promise<void> {
    // Only a request that shipping refused: a PENDING order's request is its checkout's to honour.
    await this.db('orders').where({ id: orderId }).whereIn('status', ['CONFIRMED', 'SHIPPED', 'DELIVERED']).update({ cancel_requested_at: null, updated_at: this.db.fn.now() });
  }

  async markWorkflowStarted(orderId: string): Promise<void> {
    await this.db('orders').where({ id: orderId }).whereNull('workflow_started_at').update({ workflow_started_at: this.db.fn.now() });
  }

  async markCancelWorkflowStarted(orderId: string): Promise<void> {
    await this.db('orders').where({ id: orderId }).whereNull('cancel_workflow_started_at').update({ cancel_workflow_started_at: this.db.fn.now() });
  }

  // ---- used by the checkout and cancellation workflows' activities ----

  async checkoutOrder(orderId: string): Promise<CheckoutOrder> {
    const row = (await this.db('orders').where({ id: orderId }).first()) as OrderRow | undefined;
    if (!row) throw new Error(`order ${orderId} does not exist`);
    const lines = (await this.db('order_items').where({ order_id: orderId }).orderBy('product_id')) as { product_id: string; quantity: number; price_cents: number }[];
    return {
      orderId,
      userId: row.user_id,
      items: lines.map((line) => ({ productId: line.product_id, quantity: line.quantity, priceCents: line.price_cents })),
      totalCents: row.total_cents,
      currency: row.currency,
      paymentToken: row.payment_token,
    };
  }

  async isCancellationRequested(orderId: string): Promise<boolean> {
    const row = (await this.db('orders').where({ id: orderId }).first('cancel_requested_at')) as { cancel_requested_at: Date | null } | undefined;
    return Boolean(row?.cancel_requested_at);
  }

  /** PENDING → CONFIRMED unless a cancellation was requested first (the row lock orders the two). */
  async confirm(orderId: string): Promise<ConfirmOutcome> {
    const outcome = await this.db.transaction(async (trx) => {
      const row = (await trx('orders').where({ id: orderId }).forUpdate().first()) as (OrderRow & { cancel_requested_at: Date | null }) | undefined;
      if (!row) throw new Error(`order ${orderId} does not exist`);
      if (row.status === 'CONFIRMED') return { outcome: 'confirmed' as const };
      if (row.status !== 'PENDING' || row.cancel_requested_at) return { outcome: 'cancel_requested' as const };
      await trx('orders').where({ id: orderId }).update({ status: 'CONFIRMED', updated_at: trx.fn.now() });
      await trx('order_status_history').insert({ order_id: orderId, status: 'CONFIRMED' });
      await this.outbox.enqueue(trx, 'order.confirmed', await this.eventDataOf(trx, row), orderId);
      return { outcome: 'confirmed' as const, moved: { totalCents: row.total_cents } };
    });
    this.afterEvents();
    if (outcome.moved) this.metrics.confirmed(outcome.moved);
    return outcome.outcome;
  }

  /**
   * PENDING or CONFIRMED → CANCELLED with its reason; already CANCELLED is fine (the activity may run twice). An order
   * that shipped is `too_late`, a final answer: the workflow ends instead of retrying what can never succeed.
   */
  async markCancelled(orderId: string, reason: CancelReason): Promise<CancelOutcome> {
    const result = await this.db.transaction(async (trx) => {
      const row = (await trx('orders').where({ id: orderId }).forUpdate().first()) as OrderRow | undefined;
      if (!row) throw new Error(`order ${orderId} does not exist`);
      const plan = cancellationPlanFor(row.status);
      if (plan === 'already-cancelled') return { outcome: 'cancelled' as const };
      if (plan === 'too-late') return { outcome: 'too_late' as const };
      await trx('orders').where({ id: orderId, status: row.status }).update({ status: 'CANCELLED', cancel_reason: reason, updated_at: trx.fn.now() });
      await trx('order_status_history').insert({ order_id: orderId, status: 'CANCELLED', reason });
      await this.outbox.enqueue(trx, 'order.cancelled', { ...(await this.eventDataOf(trx, row)), reason }, orderId);
      return { outcome: 'cancelled' as const, moved: { totalCents: row.total_cents, wasConfirmed: row.status === 'CONFIRMED' } };
    });
    this.afterEvents();
    if (result.moved) this.metrics.cancelled(result.moved, reason);
    return result.outcome;
  }

  /** PENDING orders created more than `olderThanSeconds` ago: a checkout that should have ended by now. */
  async countPendingOlderThan(olderThanSeconds: number): Promise<number> {
    const [row] = (await this.db('orders')
      .where({ status: 'PENDING' })
      .andWhere('created_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
      .count({ count: '*' })) as [{ count: number | string }];
    return Number(row.count);
  }

  /**
   * Moves the order along what shipping reported, inside the caller's (inbox) transaction, each step with its history
   * row and its `order.shipped` / `order.delivered` event. Answers the steps taken ([] when there was nothing to do).
   */
  async advanceShipping(trx: Knex.Transaction, orderId: string, target: 'SHIPPED' | 'DELIVERED'): Promise<OrderStatus[]> {
    const row = (await trx('orders').where({ id: orderId }).forUpdate().first()) as OrderRow | undefined;
    if (!row) throw new Error(`order ${orderId} does not exist yet`);
    const steps = shippingSteps(row.status, target);
    if (!steps) throw new Error(`order ${orderId} is still ${row.status}; shipping cannot move it yet`);
    for (const status of steps) {
      await trx('orders').where({ id: orderId }).update({ status, updated_at: trx.fn.now() });
      await trx('order_status_history').insert({ order_id: orderId, status });
      await this.outbox.enqueue(trx, status === 'SHIPPED' ? 'order.shipped' : 'order.delivered', await this.eventDataOf(trx, row), orderId);
    }
    return steps;
  }

  // ---- maintenance ----

  async awaitingCheckout(graceSeconds: number, limit: number): Promise<Order[]> {
    const rows = (await this.db('orders')
      .where({ status: 'PENDING' })
      .whereNull('workflow_started_at')
      .andWhere('created_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [graceSeconds]))
      .orderBy('created_at')
      .limit(limit)) as OrderRow[];
    return this.withLinesAndHistory(rows);
  }

  async awaitingCancellation(graceSeconds: number, limit: number): Promise<string[]> {
    const rows = (await this.db('orders')
      .where({ status: 'CONFIRMED' })
      .whereNotNull('cancel_requested_at')
      .whereNull('cancel_workflow_started_at')
      .andWhere('cancel_requested_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [graceSeconds]))
      .limit(limit)
      .select('id')) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Orders no workflow will touch again (a CONFIRMED or SHIPPED order may still be cancelled by one). */
  async endedBefore(retentionSeconds: number, limit: number): Promise<string[]> {
    const rows = (await this.db('orders')
      .whereIn('status', ['CANCELLED', 'DELIVERED'])
      .whereNotNull('workflow_started_at')
      .whereNull('workflow_purged_at')
      .andWhere('updated_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [retentionSeconds]))
      .limit(limit)
      .select('id')) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async markPurged(orderIds: string[]): Promise<void> {
    if (orderIds.length) await this.db('orders').whereIn('id', orderIds).update({ workflow_purged_at: this.db.fn.now() });
  }

  private async eventDataOf(trx: Knex.Transaction, row: OrderRow) {
    const lines = (await trx('order_items').where({ order_id: row.id }).orderBy('product_id')) as { product_id: string; quantity: number; price_cents: number }[];
    return eventData(row.id, row.user_id, row.customer_email, lines.map((l) => ({ productId: l.product_id, quantity: l.quantity, priceCents: l.price_cents })), row.total_cents);
  }

  private async withLinesAndHistory(rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const lines = (await this.db('order_items').whereIn('order_id', ids).orderBy('product_id')) as { order_id: string; product_id: string; sku: string; name: string; quantity: number; price_cents: number }[];
    const history = (await this.db('order_status_history').whereIn('order_id', ids).orderBy('id')) as { order_id: string; status: OrderStatus; reason: string | null; at: Date }[];
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      customerEmail: row.customer_email,
      status: row.status,
      items: lines.filter((l) => l.order_id === row.id).map((l): OrderLine => ({ productId: l.product_id, sku: l.sku, name: l.name, quantity: l.quantity, priceCents: l.price_cents })),
      totalCents: row.total_cents,
      currency: row.currency,
      shippingAddress: row.shipping_address,
      history: history.filter((h) => h.order_id === row.id).map((h): StatusChange => ({ status: h.status, at: h.at.toISOString(), ...(h.reason ? { reason: h.reason } : {}) })),
      createdAt: row.created_at.toISOString(),
    }));
  }
}

function eventData(orderId: string, userId: string, customerEmail: string, items: { productId: string; quantity: number; priceCents: number }[], totalCents: number) {
  return {
    orderId,
    userId,
    customerEmail,
    items: items.map(({ productId, quantity, priceCents }) => ({ productId, quantity, priceCents })),
    totalCents,
    currency: 'USD' as const,
    occurredAt: new Date().toISOString(),
  };
}

/** Rolls back an order whose Idempotency-Key another request claimed first. */
class KeyAlreadyClaimed extends Error {}
