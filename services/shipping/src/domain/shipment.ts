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

/** Once the parcel is with the carrier, a cancelled order can no longer stop it. */
export const canCancel = (status: ShipmentStatus): boolean => status === 'PENDING';

export const isDue = (shipment: Pick<Shipment, 'status' | 'dispatchAfter'>, now: Date): boolean =>
  shipment.status === 'PENDING' && shipment.dispatchAfter.getTime() <= now.getTime();

export const dispatchAfter = (confirmedAt: Date, delaySeconds: number): Date => new Date(confirmedAt.getTime() + delaySeconds * 1_000);

/**
 * The steps a delivery report takes from each status. A parcel reported delivered while still PENDING was evidently
 * handed over, so it is dispatched first: consumers always see shipment.created before shipment.delivered.
 */
export type DeliveryPlan = 'dispatch-then-deliver' | 'deliver' | 'already-delivered' | 'refuse';

export function deliveryPlanFor(status: ShipmentStatus): DeliveryPlan {
  switch (status) {
    case 'PENDING':
      return 'dispatch-then-deliver';
    case 'SHIPPED':
      return 'deliver';
    case 'DELIVERED':
      return 'already-delivered';
    case 'CANCELLED':
      return 'refuse';
  }
}
