import { handleOnce, type Knex, type Outbox } from '@shop/service-kit';
import type { ShipmentEvent } from '../domain/events';
import type { InTransaction, ShipmentLedger } from '../domain/ports';
import { ShipmentRepository } from './shipment-repository';

/** The shipment writes of one transaction plus its outbox, so a status change and its event commit together. */
class TransactionLedger extends ShipmentRepository implements ShipmentLedger {
  constructor(private readonly trx: Knex.Transaction, private readonly outbox: Outbox) {
    super(trx);
  }

  async recordEvent(event: ShipmentEvent): Promise<void> {
    await this.outbox.enqueue(this.trx, event.type, event.data, event.data.orderId);
  }
}

/** Opens a transaction around a unit of work; `afterCommit` wakes the outbox relay. */
export function shippingTransactions(db: Knex, outbox: Outbox, afterCommit: () => void = () => undefined): InTransaction {
  return async (work) => {
    const result = await db.transaction((trx) => work(new TransactionLedger(trx, outbox)));
    afterCommit();
    return result;
  };
}

/**
 * Like shippingTransactions, but the unit of work runs at most once per (event id, consumer): the inbox row commits
 * with it, so a redelivered event does nothing. A duplicate answers undefined.
 */
export function inboxTransactions(db: Knex, outbox: Outbox, consumer: string, eventId: string, afterCommit: () => void = () => undefined): InTransaction {
  return async <T>(work: (ledger: ShipmentLedger) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    const outcome = await handleOnce(db, consumer, eventId, async (trx) => {
      result = await work(new TransactionLedger(trx, outbox));
    });
    if (outcome === 'handled') afterCommit();
    return result as T;
  };
}
