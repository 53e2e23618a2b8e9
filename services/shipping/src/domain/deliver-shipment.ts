import { AppError } from '@shop/service-kit';
import { isEntityId } from './entity-id';
import type { Clock, InTransaction } from './ports';
import { shipmentDecision, viewOf, type ShipmentView } from './shipment';
import { takeSteps } from './shipment-steps';

export interface DeliverDeps {
  inTransaction: InTransaction;
  clock: Clock;
}

/**
 * The carrier reports the parcel delivered. Decided on the locked row, so it and a cancellation of the order never
 * both win: a cancelled shipment is refused (409). Reporting it again changes nothing and publishes nothing.
 */
export async function deliverShipment(id: string, deps: DeliverDeps): Promise<ShipmentView> {
  return deps.inTransaction(async (ledger) => {
    const shipment = isEntityId(id) ? await ledger.lockById(id) : undefined;
    if (!shipment) throw AppError.notFound(`shipment ${id} does not exist`);
    const decision = shipmentDecision(shipment.status, 'deliver');
    switch (decision.outcome) {
      case 'move':
        return viewOf(await takeSteps(shipment, decision.steps, deps.clock(), ledger));
      case 'already':
        return viewOf(shipment);
      case 'refused':
      case 'record-cancelled':
        throw AppError.conflict(`shipment ${id} was cancelled and is never delivered`);
    }
  });
}
