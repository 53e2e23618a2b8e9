import type { CloudEvent, Logger, Subscription } from '@shop/service-kit';
import type { TemplateName } from '../domain/notification';
import { notifyCustomer, type CustomerEvent, type NotifyDeps } from '../domain/notify-customer';
import type { OrderLine } from '../domain/templates';

/** `data` of order.confirmed, order.cancelled, order.shipped and order.delivered (contracts/events/order.*.v1.json). */
interface OrderEventData {
  orderId: string;
  userId: string;
  customerEmail: string;
  /** Not in the v1 contracts yet; when an order event carries it, the customer also gets an SMS. */
  customerPhone?: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  reason?: string;
  occurredAt: string;
}

/** `data` of payment.refunded (contracts/events/payment.refunded.v1.json): no address, so it is looked up. */
interface RefundEventData {
  paymentId: string;
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
}

const ORDER_TEMPLATES = {
  'order.confirmed': 'order-confirmed',
  'order.cancelled': 'order-cancelled',
  'order.shipped': 'order-shipped',
  'order.delivered': 'order-delivered',
} as const satisfies Record<string, Exclude<TemplateName, 'refund-issued'>>;

export function fromOrderEvent(event: CloudEvent<OrderEventData>, template: Exclude<TemplateName, 'refund-issued'>): CustomerEvent {
  const { orderId, userId, customerEmail, customerPhone, items, totalCents, currency, reason, occurredAt } = event.data;
  return {
    eventId: event.id,
    userId,
    input: { template, order: { orderId, items, totalCents, currency, ...(reason ? { reason } : {}) } },
    contact: { email: customerEmail, ...(customerPhone ? { phone: customerPhone } : {}) },
    occurredAt,
  };
}

export function fromRefundEvent(event: CloudEvent<RefundEventData>): CustomerEvent {
  const { orderId, userId, amountCents, currency } = event.data;
  return { eventId: event.id, userId, input: { template: 'refund-issued', refund: { orderId, amountCents, currency } } };
}

/**
 * The topics this service listens to. A topic whose contract is not published yet is left out: every one of its
 * events would fail validation and be dropped to the dead-letter topic, which is worse than not subscribing.
 */
export function customerEventSubscriptions(deps: NotifyDeps, hasContract: (type: string) => boolean, log: Logger): Subscription[] {
  const all: Subscription[] = [
    ...Object.entries(ORDER_TEMPLATES).map(([topic, template]) => ({
      topic,
      handle: (event: CloudEvent) => notifyCustomer(fromOrderEvent(event as CloudEvent<OrderEventData>, template), deps),
    })),
    { topic: 'payment.refunded', handle: (event: CloudEvent) => notifyCustomer(fromRefundEvent(event as CloudEvent<RefundEventData>), deps) },
  ];
  const missing = all.filter(({ topic }) => !hasContract(topic)).map(({ topic }) => topic);
  if (missing.length > 0) log.warn({ topics: missing }, 'no published contract for these topics; not subscribing to them');
  return all.filter(({ topic }) => hasContract(topic));
}
