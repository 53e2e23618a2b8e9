import type { InventoryEvent } from './events';
import type { NewReservation, Reservation, ReservationStatus } from './reservation';
import type { StockAdjustment, StockChange, StockLevel } from './stock';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export interface StockReader {
  find(productId: string): Promise<StockLevel | undefined>;
}

/** The catalog, asked whether a product exists before stock is first set for it. */
export interface ProductCatalog {
  /** false when the product was never created or has been deleted. */
  exists(productId: string): Promise<boolean>;
}

/** Stock rows inside one transaction. Every method that touches several rows does so in product id order. */
export interface StockLedger {
  /** Locks the existing rows of these products until the transaction ends; products without a row are left out. */
  lock(productIds: string[]): Promise<StockLevel[]>;
  /** Sets `quantity` aside only if that many are available; undefined (and nothing changed) when they are not. */
  reserve(productId: string, quantity: number): Promise<StockLevel | undefined>;
  adjust(adjustments: StockAdjustment[]): Promise<StockLevel[]>;
  /** Creates or overwrites the level; undefined (and nothing changed) when onHand would drop below reserved. */
  set(productId: string, change: StockChange): Promise<StockLevel | undefined>;
}

/** Reservations inside one transaction. */
export interface ReservationLedger {
  /** Stores a new reservation, or returns undefined when the order already has one (also a concurrent one). */
  claim(reservation: NewReservation): Promise<Reservation | undefined>;
  find(orderId: string): Promise<Reservation | undefined>;
  /** Reads and locks the reservation, so a concurrent commit, release or sweep waits for this one. */
  lock(orderId: string): Promise<Reservation | undefined>;
  /** Locks up to `limit` live reservations that expired at `now`, skipping any another transaction holds. */
  lockExpired(now: Date, limit: number): Promise<Reservation[]>;
  setStatus(orderIds: string[], status: ReservationStatus, releaseReason?: string): Promise<void>;
}

export interface InventoryTransaction {
  stock: StockLedger;
  reservations: ReservationLedger;
  /** Stores the event in the outbox, so it is published if and only if the transaction commits. */
  recordEvent(event: InventoryEvent): Promise<void>;
}

/** Returned by a unit of work to undo everything it wrote and still answer `result`. */
export class Rollback<T> {
  constructor(readonly result: T) {}
}

export const rollback = <T>(result: T): Rollback<T> => new Rollback(result);

/** Runs `work` in one database transaction: it commits when work returns, and rolls back on a Rollback or a throw. */
export type InTransaction = <T>(work: (tx: InventoryTransaction) => Promise<T | Rollback<T>>) => Promise<T>;

export type Clock = () => Date;

export interface InfoLog {
  info(fields: Record<string, unknown>, message: string): void;
}
