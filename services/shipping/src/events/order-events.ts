import type { CloudEvent, Subscription } from '@shop/service-kit';
import { stopShipmentOfCancelledOrder, type CancelDeps } from '../domain/cancel-shipment';
import type { InTransaction } from '../domain/ports';
import { prepareShipment, type ConfirmedOrder, type PrepareDeps } from '../domain/prepare-shipment';

/** Opens the inbox-guarded transaction in which one delivery of one event is handled. */
export type TransactionForEvent = (consumer: string, eventId: string) => InTransaction;

/**
 * order.confirmed prepares a shipment; order.cancelled stops one that has not left (a safety net: the order's
 * cancellation asked shipping through invocation first, see cancel-shipment.ts). Both are idempotent twice over:
 * per CloudEvent id (inbox) and per order (one shipment per order, cancelling a cancelled one changes nothing).
 */
export function orderEventSubscriptions(transactionFor: TransactionForEvent, deps: PrepareDeps & CancelDeps): Subscription[] {
  return [
    {
      topic: 'order.confirmed',
      handle: (event: CloudEvent) => prepareShipment(event.data as ConfirmedOrder, transactionFor('shipping.order-confirmed', event.id), deps),
    },
    {
      topic: 'order.cancelled',
      handle: (event: CloudEvent) => stopShipmentOfCancelledOrder((event.data as ConfirmedOrder).orderId, transactionFor('shipping.order-cancelled', event.id), deps),
    },
  ];
}
