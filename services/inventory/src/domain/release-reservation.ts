import { inventoryReleased } from './events';
import { isEntityId } from './entity-id';
import type { InTransaction } from './ports';
import { stockReturnedByRelease, type ReleaseOutcome } from './reservation';

export interface ReleaseRequest {
  orderId: string;
  reason: string;
}

export interface ReleaseDeps {
  inTransaction: InTransaction;
}

/**
 * The order will not go ahead: whatever its reservation still holds goes back to stock, and a committed one returns
 * its units to the shelf (a confirmed order was cancelled). Releasing again, or after expiry, changes nothing.
 */
export async function releaseReservation({ orderId, reason }: ReleaseRequest, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  if (!isEntityId(orderId)) return { outcome: 'not_found' };
  return deps.inTransaction<ReleaseOutcome>(async (tx) => {
    const reservation = await tx.reservations.lock(orderId);
    if (!reservation) return { outcome: 'not_found' };
    const returned = stockReturnedByRelease(reservation);
    if (returned.length === 0) return { outcome: 'released' };
    await tx.stock.adjust(returned);
    await tx.reservations.setStatus([orderId], 'released', reason);
    await tx.recordEvent(inventoryReleased(reservation, reason));
    return { outcome: 'released' };
  });
}
