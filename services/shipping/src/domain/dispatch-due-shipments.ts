import type { Clock, InTransaction, ShippingLog } from './ports';
import { takeSteps } from './shipment-steps';

export interface DispatchDeps {
  inTransaction: InTransaction;
  clock: Clock;
  dispatchBatchSize: number;
  log: ShippingLog;
}

export interface DispatchResult {
  dispatched: number;
}

/**
 * Hands every shipment whose cancellation window has passed to the carrier. Each batch is one short transaction;
 * rows another replica (or a delivery) holds are skipped, not waited for.
 */
export async function dispatchDueShipments(deps: DispatchDeps): Promise<DispatchResult> {
  const now = deps.clock();
  let dispatched = 0;
  for (;;) {
    const batch = await dispatchBatch(now, deps);
    dispatched += batch;
    if (batch < deps.dispatchBatchSize) break;
  }
  if (dispatched > 0) deps.log.info({ dispatched }, 'shipments handed to the carrier');
  return { dispatched };
}

async function dispatchBatch(now: Date, deps: DispatchDeps): Promise<number> {
  return deps.inTransaction(async (ledger) => {
    const due = await ledger.lockDue(now, deps.dispatchBatchSize);
    for (const shipment of due) await takeSteps(shipment, ['ship'], now, ledger);
    return due.length;
  });
}
