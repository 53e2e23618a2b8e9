import { EXPIRED_REASON, inventoryReleased } from './events';
import type { Clock, InfoLog, InTransaction } from './ports';
import { combineAdjustments, unreserving } from './reservation';

export interface SweepDeps {
  inTransaction: InTransaction;
  clock: Clock;
  sweepBatchSize: number;
  log: InfoLog;
}

export interface SweepResult {
  expired: number;
}

/**
 * Gives back the stock of reservations nobody committed or released in time (a checkout that crashed or stalled).
 * Each batch is one short transaction; rows another replica's sweep (or a commit) holds are skipped, not waited for.
 */
export async function sweepExpiredReservations(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.clock();
  let expired = 0;
  for (;;) {
    const swept = await expireBatch(now, deps);
    expired += swept;
    if (swept < deps.sweepBatchSize) break;
  }
  if (expired > 0) deps.log.info({ expired }, 'expired reservations released');
  return { expired };
}

async function expireBatch(now: Date, deps: SweepDeps): Promise<number> {
  return deps.inTransaction(async (tx) => {
    const batch = await tx.reservations.lockExpired(now, deps.sweepBatchSize);
    if (batch.length === 0) return 0;
    await tx.stock.adjust(combineAdjustments(batch.flatMap((reservation) => unreserving(reservation.items))));
    await tx.reservations.setStatus(batch.map((reservation) => reservation.orderId), 'expired', EXPIRED_REASON);
    for (const reservation of batch) await tx.recordEvent(inventoryReleased(reservation, EXPIRED_REASON));
    return batch.length;
  });
}
