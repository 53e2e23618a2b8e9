import { AppError } from '@shop/service-kit';
import { isEntityId } from './entity-id';
import { shipmentCreated, shipmentDelivered } from './events';
import type { Clock, InTransaction, ShipmentLedger } from './ports';
import { deliveryPlanFor, viewOf, type Shipment, type ShipmentView } from './shipment';

export interface DeliverDeps {
  inTransaction: InTransaction;
  clock: Clock;
}

/** The carrier reports the parcel delivered. Reporting it again changes nothing and publishes nothing. */
export async function deliverShipment(id: string, deps: DeliverDeps): Promise<ShipmentView> {
  return deps.inTransaction(async (ledger) => {
    const shipment = isEntityId(id) ? await ledger.lockById(id) : undefined;
    if (!shipment) throw AppError.notFound(`shipment ${id} does not exist`);
    const now = deps.clock();
    switch (deliveryPlanFor(shipment.status)) {
      case 'refuse':
        throw AppError.conflict(`shipment ${id} was cancelled and is never delivered`);
      case 'already-delivered':
        return viewOf(shipment);
      case 'dispatch-then-deliver':
        return viewOf(await deliver(await dispatch(shipment, now, ledger), now, ledger));
      case 'deliver':
        return viewOf(await deliver(shipment, now, ledger));
    }
  });
}

async function dispatch(shipment: Shipment, now: Date, ledger: ShipmentLedger): Promise<Shipment> {
  const shipped = await ledger.markShipped(shipment.id, now);
  await ledger.recordEvent(shipmentCreated(shipped, now));
  return shipped;
}

async function deliver(shipment: Shipment, now: Date, ledger: ShipmentLedger): Promise<Shipment> {
  const delivered = await ledger.markDelivered(shipment.id, now);
  await ledger.recordEvent(shipmentDelivered(delivered, now));
  return delivered;
}
