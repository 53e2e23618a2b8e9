import { AppError } from '@shop/service-kit';
import { replayDecision, replayOf, viewOf, type DeadLetterView } from './dead-letter';
import { isEntityId } from './entity-id';
import type { Clock, DeadLetterLog, InTransaction } from './ports';

export interface ReplayDeps {
  inTransaction: InTransaction;
  clock: Clock;
  /** Topics of the platform (the ones with a published contract): the only ones this service may publish to. */
  isReplayableTopic: (topic: string) => boolean;
  log: DeadLetterLog;
}

/**
 * Publishes the original event again, unchanged, to its original topic: the record is marked replayed and the
 * envelope written to the outbox in one transaction. Subscribers that handled the event skip it (inbox, by event id);
 * the one that dropped it gets another chance, and if it drops it again, it comes back here.
 */
export async function replayDeadLetter(id: string, deps: ReplayDeps): Promise<DeadLetterView> {
  return deps.inTransaction(async (ledger) => {
    const letter = isEntityId(id) ? await ledger.lockById(id) : undefined;
    if (!letter) throw AppError.notFound(`dead letter ${id} does not exist`);
    const decision = replayDecision(letter, deps.isReplayableTopic);
    if (!decision.replay && decision.reason === 'discarded') throw AppError.conflict(`dead letter ${id} was discarded and is never replayed`);
    if (!decision.replay && decision.reason === 'unpublishable-text') throw AppError.unprocessable(`dead letter ${id} holds text (NUL or a lone surrogate) that no service of the platform can store; discard it`);
    if (!decision.replay) throw AppError.unprocessable(`dead letter ${id} names no topic of the platform to replay it to (${letter.topic || 'none'})`);
    const replayed = await ledger.markReplayed(letter.id, deps.clock());
    await ledger.republish(letter.topic, replayOf(letter));
    deps.log.info({ deadLetterId: id, eventId: letter.eventId, topic: letter.topic, replayCount: replayed.replayCount }, 'dead letter replayed');
    return viewOf(replayed);
  });
}
