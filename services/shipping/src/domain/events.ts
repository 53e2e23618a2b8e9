import type { Shipment } from './shipment';

/** `data` of contracts/events/shipment.created.v1.json and shipment.delivered.v1.json. */
export type ShipmentEvent =
  | { type: 'shipment.created'; data: { shipmentId: string; orderId: string; userId: string; trackingNumber: string; shippedAt: string } }
  | { type: 'shipment.delivered'; data: { shipmentId: string; orderId: string; userId: string; trackingNumber: string; deliveredAt: string } };

export const shipmentCreated = (shipment: Shipment, shippedAt: Date): ShipmentEvent => ({
  type: 'shipment.created',
  data: { shipmentId: shipment.id, orderId: shipment.orderId, userId: shipment.userId, trackingNumber: shipment.trackingNumber, shippedAt: shippedAt.toISOString() },
});

export const shipmentDelivered = (shipment: Shipment, deliveredAt: Date): ShipmentEvent => ({
  type: 'shipment.delivered',
  data: { shipmentId: shipment.id, orderId: shipment.orderId, userId: shipment.userId, trackingNumber: shipment.trackingNumber, deliveredAt: deliveredAt.toISOString() },
});
