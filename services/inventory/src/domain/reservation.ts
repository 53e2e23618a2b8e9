import type { StockAdjustment } from './stock';

export type ReservationStatus = 'reserved' | 'committed' | 'released' | 'expired';

export interface ReservationItem {
  productId: string;
  quantity: number;
}

export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  /** One per product, ordered by product id. */
  items: ReservationItem[];
}

export interface NewReservation {
  orderId: string;
  items: ReservationItem[];
  expiresAt: Date;
}

export type ReserveOutcome =
  | { outcome: ReservationStatus; orderId: string; expiresAt: string }
  | { outcome: 'out_of_stock'; productIds: string[] };

export type CommitOutcome = { outcome: 'committed' | 'expired' | 'released' | 'not_found' };

export type ReleaseOutcome = { outcome: 'released' | 'not_found' };

/**
 * One line per product, ordered by product id: a cart may name a product twice, and a stable order is the order the
 * stock rows are locked in.
 */
export function mergeItems(items: ReservationItem[]): ReservationItem[] {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of items) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  return [...totals.entries()]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => compareIds(a.productId, b.productId));
}

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const expiryOf = (now: Date, ttlSeconds: number): Date => new Date(now.getTime() + ttlSeconds * 1000);

/** A repeated reserve answers the reservation as it stands now, so a retrying saga learns what happened since. */
export const answerFor = (reservation: Reservation): ReserveOutcome => ({
  outcome: reservation.status,
  orderId: reservation.orderId,
  expiresAt: reservation.expiresAt.toISOString(),
});

export const outOfStock = (productIds: string[]): ReserveOutcome => ({ outcome: 'out_of_stock', productIds });

/**
 * What a commit does: take a live reservation's units out of stock, or answer how it already ended (committed again,
 * or beaten by a release or the expiry sweep) without changing anything.
 */
export function commitDecision(reservation: Reservation | undefined): { commit: Reservation } | { answer: CommitOutcome } {
  if (!reservation) return { answer: { outcome: 'not_found' } };
  if (reservation.status === 'reserved') return { commit: reservation };
  return { answer: { outcome: reservation.status } };
}

/**
 * The stock a release gives back: held units of a live reservation, or the shipped-to-be units of a committed one (a
 * confirmed order was cancelled). A released or expired reservation holds nothing any more, so it returns nothing.
 */
export function stockReturnedByRelease(reservation: Reservation): StockAdjustment[] {
  if (reservation.status === 'reserved') return unreserving(reservation.items);
  if (reservation.status === 'committed') return restocking(reservation.items);
  return [];
}

/** Committed units leave the shelf: on hand and reserved both drop. */
export const consuming = (items: ReservationItem[]): StockAdjustment[] =>
  items.map(({ productId, quantity }) => ({ productId, onHand: -quantity, reserved: -quantity }));

export const unreserving = (items: ReservationItem[]): StockAdjustment[] =>
  items.map(({ productId, quantity }) => ({ productId, onHand: 0, reserved: -quantity }));

export const restocking = (items: ReservationItem[]): StockAdjustment[] =>
  items.map(({ productId, quantity }) => ({ productId, onHand: quantity, reserved: 0 }));

/** One adjustment per product for a batch of reservations, so each stock row is updated (and locked) once. */
export function combineAdjustments(adjustments: StockAdjustment[]): StockAdjustment[] {
  const combined = new Map<string, StockAdjustment>();
  for (const { productId, onHand, reserved } of adjustments) {
    const sum = combined.get(productId) ?? { productId, onHand: 0, reserved: 0 };
    combined.set(productId, { productId, onHand: sum.onHand + onHand, reserved: sum.reserved + reserved });
  }
  return [...combined.values()].sort((a, b) => compareIds(a.productId, b.productId));
}
