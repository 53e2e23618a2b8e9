import type { Clock, InTransaction, ShipmentLedger, ShippingLog } from './ports';
import { shipmentDecision, type Shipment } from './shipment';
import { takeSteps } from './shipment-steps';
import { newTrackingNumber } from './tracking-number';

export interface CancelDeps {
  clock: Clock;
  newId: () => string;
  log: ShippingLog;
}

export interface OrderToCancel {
  orderId: string;
  userId: string;
}

/** Shipping's answer to an order that wants to cancel; both are business answers, given as 200. */
export type ShipmentCancellation =
  | { outcome: 'cancelled'; shipmentId: string }
  | { outcome: 'too_late'; shipmentId: string; status: Shipment['status'] };

/**
 * A confirmed order asks before it refunds anything: may the parcel still be stopped? Decided on the order's locked
 * shipment, so this and a delivery report never both win. A shipment still PENDING is CANCELLED and never dispatched;
 * one already with the carrier (or delivered) makes the cancellation too late. An order whose shipment is not prepared
 * yet gets one recorded CANCELLED: the order.confirmed still on its way then finds its slot taken and prepares none.
 * Asking again gives the same answer.
 */
export async function cancelShipment(order: OrderToCancel, inTransaction: InTransaction, deps: CancelDeps): Promise<ShipmentCancellation> {
  const answer = await inTransaction((ledger) => decideCancellation(order, ledger, deps));
  deps.log.info({ orderId: order.orderId, shipmentId: answer.shipmentId, outcome: answer.outcome }, 'shipment cancellation decided');
  return answer;
}

async function decideCancellation(order: OrderToCancel, ledger: ShipmentLedger, deps: CancelDeps): Promise<ShipmentCancellation> {
  const shipment = await ledger.lockByOrderId(order.orderId);
  if (!shipment) {
    const recorded = await ledger.insertCancelledIfAbsent(newShipmentOf(order, deps));
    // A shipment prepared between the read and the insert: its row exists now, so deciding again cannot loop.
    return recorded ? { outcome: 'cancelled', shipmentId: recorded.id } : decideCancellation(order, ledger, deps);
  }
  const decision = shipmentDecision(shipment.status, 'cancel');
  switch (decision.outcome) {
    case 'move':
      await takeSteps(shipment, decision.steps, deps.clock(), ledger);
      return { outcome: 'cancelled', shipmentId: shipment.id };
    case 'already':
    case 'record-cancelled':
      return { outcome: 'cancelled', shipmentId: shipment.id };
    case 'refused':
      return { outcome: 'too_late', shipmentId: shipment.id, status: shipment.status };
  }
}

const newShipmentOf = (order: OrderToCancel, deps: CancelDeps) => ({
  id: deps.newId(),
  orderId: order.orderId,
  userId: order.userId,
  trackingNumber: newTrackingNumber(),
  dispatchAfter: deps.clock(),
});

/**
 * order.cancelled, a safety net: a confirmed order's cancellation already asked through `cancelShipment` and waited for
 * the answer, so this normally finds the shipment CANCELLED. A shipment still PENDING is cancelled; one that left is
 * left alone (and logged: someone has to intercept it); an order without a shipment was cancelled before confirmation.
 */
export async function stopShipmentOfCancelledOrder(orderId: string, inTransaction: InTransaction, deps: Pick<CancelDeps, 'clock' | 'log'>): Promise<void> {
  await inTransaction(async (ledger) => {
    const shipment = await ledger.lockByOrderId(orderId);
    if (!shipment) return;
    const decision = shipmentDecision(shipment.status, 'cancel');
    if (decision.outcome === 'refused') {
      deps.log.warn({ orderId, shipmentId: shipment.id, status: shipment.status }, 'order cancelled after its shipment left; not cancelling');
      return;
    }
    if (decision.outcome !== 'move') return;
    await takeSteps(shipment, decision.steps, deps.clock(), ledger);
    deps.log.info({ orderId, shipmentId: shipment.id }, 'shipment cancelled');
  });
}
