import { shipmentCreated, shipmentDelivered } from './events';
import type { ShipmentLedger } from './ports';
import type { Shipment, ShipmentStep } from './shipment';

/**
 * Applies the steps a decision took, in order, each a guarded UPDATE with its event in the same transaction: leaving
 * for the carrier publishes shipment.created, arriving publishes shipment.delivered; a cancellation publishes nothing
 * (the order asked for it and already knows).
 */
export async function takeSteps(shipment: Shipment, steps: ShipmentStep[], now: Date, ledger: ShipmentLedger): Promise<Shipment> {
  let current = shipment;
  for (const step of steps) current = await takeStep(current, step, now, ledger);
  return current;
}

async function takeStep(shipment: Shipment, step: ShipmentStep, now: Date, ledger: ShipmentLedger): Promise<Shipment> {
  switch (step) {
    case 'ship': {
      const shipped = await ledger.markShipped(shipment.id, now);
      await ledger.recordEvent(shipmentCreated(shipped, now));
      return shipped;
    }
    case 'deliver': {
      const delivered = await ledger.markDelivered(shipment.id, now);
      await ledger.recordEvent(shipmentDelivered(delivered, now));
      return delivered;
    }
    case 'cancel':
      return ledger.markCancelled(shipment.id);
  }
}
