import type { Knex, Outbox } from '@shop/service-kit';
import type { InTransaction, PaymentEvent, PaymentLedger } from '../domain/ports';
import { PaymentRepository } from './payment-repository';

/** The payment writes of one transaction plus its outbox, so a status change and its event commit together. */
class TransactionLedger extends PaymentRepository implements PaymentLedger {
  constructor(private readonly trx: Knex.Transaction, private readonly outbox: Outbox) {
    super(trx);
  }

  async recordEvent(event: PaymentEvent): Promise<void> {
    await this.outbox.enqueue(this.trx, event.type, event.data, event.data.orderId);
  }
}

/** Opens a transaction around a unit of work; `afterCommit` wakes the outbox relay. */
export function paymentTransactions(db: Knex, outbox: Outbox, afterCommit: () => void = () => undefined): InTransaction {
  return async (work) => {
    const result = await db.transaction((trx) => work(new TransactionLedger(trx, outbox)));
    afterCommit();
    return result;
  };
}
