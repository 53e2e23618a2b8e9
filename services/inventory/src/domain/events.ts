import type { Reservation, ReservationItem } from './reservation';
import type { LowStock } from './stock';

/** The data of the events inventory publishes (contracts/events/inventory.*.v1.json). */
export interface InventoryReserved {
  orderId: string;
  items: ReservationItem[];
  expiresAt: string;
}

export interface InventoryReleased {
  orderId: string;
  items: ReservationItem[];
  reason: string;
}

export type InventoryEvent =
  | { type: 'inventory.reserved'; subject: string; data: InventoryReserved }
  | { type: 'inventory.released'; subject: string; data: InventoryReleased }
  | { type: 'inventory.low_stock'; subject: string; data: LowStock };

/** The release reason the sweeper gives; callers name their own. */
export const EXPIRED_REASON = 'expired';

export const inventoryReserved = (reservation: Reservation): InventoryEvent => ({
  type: 'inventory.reserved',
  subject: reservation.orderId,
  data: { orderId: reservation.orderId, items: reservation.items, expiresAt: reservation.expiresAt.toISOString() },
});

export const inventoryReleased = (reservation: Reservation, reason: string): InventoryEvent => ({
  type: 'inventory.released',
  subject: reservation.orderId,
  data: { orderId: reservation.orderId, items: reservation.items, reason },
});

export const inventoryLowStock = (lowStock: LowStock): InventoryEvent => ({
  type: 'inventory.low_stock',
  subject: lowStock.productId,
  data: lowStock,
});
