import { arrivalOf, statusAfterReceipt, type DeadLetter, type Envelope } from './dead-letter';
import type { Clock, DeadLetterLog, InTransaction } from './ports';

export interface ReceiveDeps {
  inTransaction: InTransaction;
  clock: Clock;
  newId: () => string;
  log: DeadLetterLog;
}

/**
 * An event arrived on the dead-letter topic. The first arrival of an event (per original topic) is stored pending; a
 * later one — another subscriber dropped it too, or a replay was dropped again — is counted on the same record.
 * Throwing (the database is away) makes Dapr deliver it again: a dead letter is never dropped.
 */
export async function receiveDeadLetter(envelope: Envelope, deps: ReceiveDeps): Promise<DeadLetter> {
  const arrival = arrivalOf(envelope, deps.clock());
  return deps.inTransaction(async (ledger) => {
    const known = await ledger.lockByEvent(arrival.eventId, arrival.topic);
    if (!known) {
      const stored = await ledger.insertIfAbsent(deps.newId(), arrival);
      if (stored) {
        deps.log.warn({ deadLetterId: stored.id, eventId: stored.eventId, topic: stored.topic, type: stored.type }, 'event dead-lettered');
        return stored;
      }
    }
    // Known, or stored by a concurrent arrival a moment ago: the lock waits for that one to commit.
    const existing = known ?? (await ledger.lockByEvent(arrival.eventId, arrival.topic));
    if (!existing) throw new Error(`dead letter ${arrival.eventId} on ${arrival.topic} was neither stored nor found`);
    const counted = await ledger.recordReceipt(existing.id, statusAfterReceipt(existing.status), arrival.receivedAt);
    deps.log.warn({ deadLetterId: counted.id, eventId: counted.eventId, topic: counted.topic, timesReceived: counted.timesReceived }, 'event dead-lettered again');
    return counted;
  });
}
