import { AppError } from '@shop/service-kit';
import { isEntityId } from './entity-id';
import type { ShipmentQueries } from './ports';
import { isVisibleTo, viewOf, type ShipmentView, type Viewer } from './shipment';

export interface FindShipmentsDeps {
  shipments: ShipmentQueries;
}

/** The order's shipment as a list (empty until the order is confirmed); another customer's order is not found. */
export async function shipmentsOfOrder(orderId: string, viewer: Viewer, deps: FindShipmentsDeps): Promise<ShipmentView[]> {
  const shipment = await deps.shipments.findByOrderId(orderId);
  if (!shipment) return [];
  if (!isVisibleTo(shipment, viewer)) throw AppError.notFound(`order ${orderId} does not exist`);
  return [viewOf(shipment)];
}

export async function shipmentById(id: string, viewer: Viewer, deps: FindShipmentsDeps): Promise<ShipmentView> {
  const shipment = isEntityId(id) ? await deps.shipments.findById(id) : undefined;
  if (!shipment || !isVisibleTo(shipment, viewer)) throw AppError.notFound(`shipment ${id} does not exist`);
  return viewOf(shipment);
}
