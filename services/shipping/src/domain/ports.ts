import type { ShipmentEvent } from './events';
import type { NewShipment, Shipment } from './shipment';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export interface ShipmentQueries {
  findById(id: string): Promise<Shipment | undefined>;
  findByOrderId(orderId: string): Promise<Shipment | undefined>;
}

/** Shipment writes inside one transaction. */
export interface ShipmentLedger {
  /** Stores the shipment, or returns undefined when the order already has one (also a concurrent one). */
  insertIfAbsent(shipment: NewShipment): Promise<Shipment | undefined>;
  /** Stores the order's shipment already CANCELLED (nothing will ever be prepared for it), unless it has one. */
  insertCancelledIfAbsent(shipment: NewShipment): Promise<Shipment | undefined>;
  /** Reads and locks, so a concurrent dispatch, delivery or cancellation waits for this one. */
  lockById(id: string): Promise<Shipment | undefined>;
  lockByOrderId(orderId: string): Promise<Shipment | undefined>;
  /** Locks up to `limit` PENDING shipments due at `now`, skipping any another transaction holds. */
  lockDue(now: Date, limit: number): Promise<Shipment[]>;
  markShipped(id: string, at: Date): Promise<Shipment>;
  markDelivered(id: string, at: Date): Promise<Shipment>;
  markCancelled(id: string): Promise<Shipment>;
  /** Stores the event in the outbox, so it is published if and only if the transaction commits. */
  recordEvent(event: ShipmentEvent): Promise<void>;
}

/** Runs `work` in one database transaction: it commits when work returns and rolls back when it throws. */
export type InTransaction = <T>(work: (ledger: ShipmentLedger) => Promise<T>) => Promise<T>;

export type Clock = () => Date;

export interface ShippingLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
