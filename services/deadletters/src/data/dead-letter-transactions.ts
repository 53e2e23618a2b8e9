import { randomUUID } from 'node:crypto';
import { OUTBOX_TABLE, type Knex } from '@shop/service-kit';
import type { Envelope } from '../domain/dead-letter';
import type { DeadLetterLedger, InTransaction } from '../domain/ports';
import { DeadLetterRepository } from './dead-letter-repository';

/** The dead-letter writes of one transaction plus its outbox, so "replayed" and the replay commit together. */
class TransactionLedger extends DeadLetterRepository implements DeadLetterLedger {
  constructor(private readonly trx: Knex.Transaction) {
    super(trx);
  }

  /**
   * The outbox row carries the original envelope as it is, not one built by Outbox.enqueue: a replay keeps the event's
   * id, source and time, and its data is published unvalidated (it broke its contract somewhere; that is the point).
   * The row has an id of its own, because an event may be replayed more than once. The relay publishes it to
   * `envelope.topic` (see events/original-topic-publisher.ts).
   */
  async republish(topic: string, envelope: Envelope): Promise<void> {
    const type = typeof envelope.type === 'string' ? envelope.type : topic;
    await this.trx(OUTBOX_TABLE).insert({ id: randomUUID(), type, event: JSON.stringify({ ...envelope, topic }) });
  }
}

/** Opens a transaction around a unit of work; `afterCommit` wakes the outbox relay. */
export function deadLetterTransactions(db: Knex, afterCommit: () => void = () => undefined): InTransaction {
  return async (work) => {
    const result = await db.transaction((trx) => work(new TransactionLedger(trx)));
    afterCommit();
    return result;
  };
}
