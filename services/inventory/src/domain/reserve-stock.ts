import { inventoryLowStock, inventoryReserved } from './events';
import { rollback, type Clock, type InTransaction, type ReservationLedger, type StockLedger } from './ports';
import { answerFor, expiryOf, mergeItems, outOfStock, type Reservation, type ReservationItem, type ReserveOutcome } from './reservation';
import { lowStockCrossings, type StockLevel } from './stock';

export interface ReservationRequest {
  orderId: string;
  items: ReservationItem[];
  ttlSeconds?: number;
}

export interface ReserveDeps {
  inTransaction: InTransaction;
  clock: Clock;
  reservationTtlSeconds: number;
}

/**
 * Sets aside every item of an order or none of them, once per order. The reservation row is claimed first, so a
 * retry (or a concurrent duplicate) of the same order waits for the first attempt and then answers its outcome
 * instead of reserving twice; an out-of-stock attempt rolls back entirely and is not remembered.
 */
export async function reserveStock(request: ReservationRequest, deps: ReserveDeps): Promise<ReserveOutcome> {
  const items = mergeItems(request.items);
  const expiresAt = expiryOf(deps.clock(), request.ttlSeconds ?? deps.reservationTtlSeconds);
  return deps.inTransaction<ReserveOutcome>(async (tx) => {
    const reservation = await tx.reservations.claim({ orderId: request.orderId, items, expiresAt });
    if (!reservation) return answerFor(await alreadyClaimed(request.orderId, tx.reservations));
    const before = await tx.stock.lock(items.map((item) => item.productId));
    const { after, short } = await setAside(items, tx.stock);
    if (short.length > 0) return rollback(outOfStock(short));
    await tx.recordEvent(inventoryReserved(reservation));
    for (const crossing of lowStockCrossings(before, after)) await tx.recordEvent(inventoryLowStock(crossing));
    return answerFor(reservation);
  });
}

/** One conditional update per item, in product id order; every item is tried so the answer names all that are short. */
async function setAside(items: ReservationItem[], stock: StockLedger): Promise<{ after: StockLevel[]; short: string[] }> {
  const after: StockLevel[] = [];
  const short: string[] = [];
  for (const { productId, quantity } of items) {
    const level = await stock.reserve(productId, quantity);
    if (level) after.push(level);
    else short.push(productId);
  }
  return { after, short };
}

async function alreadyClaimed(orderId: string, reservations: ReservationLedger): Promise<Reservation> {
  const reservation = await reservations.find(orderId);
  // The claim only conflicts with a committed reservation of this order, and reservations are never deleted.
  if (!reservation) throw new Error(`reservation ${orderId} vanished after its claim conflicted`);
  return reservation;
}
