import type { Knex, Outbox } from '@shop/service-kit';
import { Rollback, type InTransaction, type InventoryTransaction } from '../domain/ports';
import { createReservationLedger } from './reservation-repository';
import { createStockLedger } from './stock-repository';

/** Carries a Rollback's answer out of knex, which rolls a transaction back only when its handler throws. */
class RolledBack extends Error {
  constructor(readonly rollback: Rollback<unknown>) {
    super('rolled back on purpose');
  }
}

/** Opens a transaction whose stock, reservation and outbox rows commit together; `afterCommit` wakes the outbox relay. */
export function inventoryTransactions(
  db: Knex,
  outbox: Outbox,
  afterCommit: () => void = () => undefined,
  /** The types of the events a transaction recorded, once it committed (metrics: low-stock events). */
  committedEvents: (types: string[]) => void = () => undefined,
): InTransaction {
  return async <T>(work: (tx: InventoryTransaction) => Promise<T | Rollback<T>>): Promise<T> => {
    const recorded: string[] = [];
    try {
      const result = await db.transaction(async (trx) => {
        recorded.length = 0;
        const outcome = await work({
          stock: createStockLedger(trx),
          reservations: createReservationLedger(trx),
          recordEvent: async ({ type, data, subject }) => {
            await outbox.enqueue(trx, type, data, subject);
            recorded.push(type);
          },
        });
        if (outcome instanceof Rollback) throw new RolledBack(outcome);
        return outcome;
      });
      afterCommit();
      committedEvents([...recorded]);
      return result;
    } catch (error) {
      if (error instanceof RolledBack) return error.rollback.result as T;
      throw error;
    }
  };
}
