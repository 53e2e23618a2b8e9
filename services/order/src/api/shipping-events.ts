import { handleOnce, type Knex, type Logger, type Subscription } from '@shop/service-kit';
import type { OrderRepository } from '../data/order-repository';

const CONSUMER = 'order';

/** Shipping's events move the order: shipment.created → SHIPPED, shipment.delivered → DELIVERED (once per event id). */
export function shippingSubscriptions(db: Knex, orders: OrderRepository, log: Logger, afterEvents: () => void): Subscription[] {
  const advance = (target: 'SHIPPED' | 'DELIVERED'): Subscription['handle'] => async (event) => {
    const { orderId } = event.data as { orderId: string };
    let steps: string[] = [];
    const outcome = await handleOnce(db, CONSUMER, event.id, async (trx) => {
      steps = await orders.advanceShipping(trx, orderId, target);
    });
    if (steps.length) afterEvents();
    if (outcome === 'handled' && steps.length === 0) log.info({ orderId, target, eventId: event.id }, 'shipping event changed nothing (already there or cancelled)');
  };
  return [
    { topic: 'shipment.created', handle: advance('SHIPPED') },
    { topic: 'shipment.delivered', handle: advance('DELIVERED') },
  ];
}
