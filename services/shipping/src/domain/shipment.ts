export type ShipmentStatus = 'PENDING' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export interface Shipment {
  id: string;
  orderId: string;
  userId: string;
  status: ShipmentStatus;
  trackingNumber: string;
  dispatchAfter: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

export type NewShipment = Pick<Shipment, 'id' | 'orderId' | 'userId' | 'trackingNumber' | 'dispatchAfter'>;

/** What customers and admins see of a shipment. */
export interface ShipmentView {
  id: string;
  orderId: string;
  status: ShipmentStatus;
  trackingNumber: string;
}

export const viewOf = ({ id, orderId, status, trackingNumber }: Shipment): ShipmentView => ({ id, orderId, status, trackingNumber });

export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

export const isVisibleTo = (shipment: Shipment, viewer: Viewer): boolean => viewer.isAdmin || shipment.userId === viewer.userId;

export const isDue = (shipment: Pick<Shipment, 'status' | 'dispatchAfter'>, now: Date): boolean =>
  shipment.status === 'PENDING' && shipment.dispatchAfter.getTime() <= now.getTime();

export const dispatchAfter = (confirmedAt: Date, delaySeconds: number): Date => new Date(confirmedAt.getTime() + delaySeconds * 1_000);

/** What is asked of a shipment: the carrier reports it delivered, or its order is being cancelled. */
export type ShipmentCommand = 'deliver' | 'cancel';

/** One move of a shipment (each a guarded UPDATE from the status it leaves). */
export type ShipmentStep = 'ship' | 'deliver' | 'cancel';

export type ShipmentDecision =
  | { outcome: 'move'; steps: ShipmentStep[] }
  /** The order has no shipment yet: record one CANCELLED, so the confirmation still on its way prepares none. */
  | { outcome: 'record-cancelled' }
  /** What was asked already happened: nothing to do, the same answer as the first time. */
  | { outcome: 'already' }
  /** Too late (or never possible): a cancelled parcel is never delivered, one with the carrier is never cancelled. */
  | { outcome: 'refused' };

/**
 * The shipment's state machine, PENDING → SHIPPED → DELIVERED or PENDING → CANCELLED, decided in one place: what a
 * command does from a status (`undefined`: the order has no shipment yet). Use cases call it on a row they hold locked
 * and apply the steps with guarded UPDATEs, so a delivery and a cancellation of one order are decided one after the
 * other and exactly one of them wins. A parcel reported delivered while still PENDING was evidently handed over: it is
 * dispatched first, so consumers always see shipment.created before shipment.delivered.
 */
export function shipmentDecision(status: ShipmentStatus | undefined, command: ShipmentCommand): ShipmentDecision {
  if (command === 'deliver') {
    switch (status) {
      case 'PENDING':
        return { outcome: 'move', steps: ['ship', 'deliver'] };
      case 'SHIPPED':
        return { outcome: 'move', steps: ['deliver'] };
      case 'DELIVERED':
        return { outcome: 'already' };
      case 'CANCELLED':
      case undefined:
        return { outcome: 'refused' };
    }
  }
  switch (status) {
    case undefined:
      return { outcome: 'record-cancelled' };
    case 'PENDING':
      return { outcome: 'move', steps: ['cancel'] };
    case 'CANCELLED':
      return { outcome: 'already' };
    case 'SHIPPED':
    case 'DELIVERED':
      return { outcome: 'refused' };
  }
}
