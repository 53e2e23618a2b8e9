import type { Clock, InTransaction, ShippingLog } from './ports';
import { dispatchAfter } from './shipment';
import { newTrackingNumber } from './tracking-number';

export interface PrepareDeps {
  clock: Clock;
  newId: () => string;
  dispatchDelaySeconds: number;
  log: ShippingLog;
}

export interface ConfirmedOrder {
  orderId: string;
  userId: string;
}

/**
 * A confirmed order gets a PENDING shipment with its tracking number; it waits out the dispatch delay, in which the
 * customer may still cancel. An order that already has a shipment is left as it is.
 */
export async function prepareShipment(order: ConfirmedOrder, inTransaction: InTransaction, deps: PrepareDeps): Promise<void> {
  const created = await inTransaction((ledger) =>
    ledger.insertIfAbsent({
      id: deps.newId(),
      orderId: order.orderId,
      userId: order.userId,
      trackingNumber: newTrackingNumber(),
      dispatchAfter: dispatchAfter(deps.clock(), deps.dispatchDelaySeconds),
    }),
  );
  if (created) deps.log.info({ orderId: order.orderId, shipmentId: created.id }, 'shipment prepared');
}
