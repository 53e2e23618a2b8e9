import { isEntityId } from './entity-id';
import type { InTransaction } from './ports';
import { commitDecision, consuming, type CommitOutcome } from './reservation';

export interface CommitDeps {
  inTransaction: InTransaction;
}

/** The order is confirmed: its reserved units leave stock for good. Repeating it answers the same. */
export async function commitReservation(orderId: string, deps: CommitDeps): Promise<CommitOutcome> {
  if (!isEntityId(orderId)) return { outcome: 'not_found' };
  return deps.inTransaction<CommitOutcome>(async (tx) => {
    const decision = commitDecision(await tx.reservations.lock(orderId));
    if ('answer' in decision) return decision.answer;
    await tx.stock.adjust(consuming(decision.commit.items));
    await tx.reservations.setStatus([orderId], 'committed');
    return { outcome: 'committed' };
  });
}
