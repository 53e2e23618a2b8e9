import { AppError } from '@shop/service-kit';
import { canDiscard, viewOf, type DeadLetterView } from './dead-letter';
import { isEntityId } from './entity-id';
import type { Clock, DeadLetterLog, InTransaction } from './ports';

export interface DiscardDeps {
  inTransaction: InTransaction;
  clock: Clock;
  log: DeadLetterLog;
}

/** An admin decides the event needs nothing more: it is kept for the record, and never replayed. */
export async function discardDeadLetter(id: string, deps: DiscardDeps): Promise<DeadLetterView> {
  return deps.inTransaction(async (ledger) => {
    const letter = isEntityId(id) ? await ledger.lockById(id) : undefined;
    if (!letter) throw AppError.notFound(`dead letter ${id} does not exist`);
    if (!canDiscard(letter.status)) throw AppError.conflict(`dead letter ${id} is already discarded`);
    const discarded = await ledger.markDiscarded(letter.id, deps.clock());
    deps.log.info({ deadLetterId: id, eventId: letter.eventId, topic: letter.topic }, 'dead letter discarded');
    return viewOf(discarded);
  });
}
