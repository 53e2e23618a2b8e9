import type { InTransaction, ShippingLog } from './ports';
import { canCancel } from './shipment';

export interface CancelDeps {
  log: ShippingLog;
}

/**
 * A cancelled order's shipment is never dispatched while it is still PENDING. A parcel already with the carrier is
 * left alone (and logged: someone has to intercept it); an order without a shipment was cancelled before confirmation.
 */
export async function cancelShipment(orderId: string, inTransaction: InTransaction, deps: CancelDeps): Promise<void> {
  await inTransaction(async (ledger) => {
    const shipment = await ledger.lockByOrderId(orderId);
    if (!shipment || shipment.status === 'CANCELLED') return;
    if (!canCancel(shipment.status)) {
      deps.log.warn({ orderId, shipmentId: shipment.id, status: shipment.status }, 'order cancelled after its shipment left; not cancelling');
      return;
    }
    await ledger.markCancelled(shipment.id);
    deps.log.info({ orderId, shipmentId: shipment.id }, 'shipment cancelled');
  });
}
