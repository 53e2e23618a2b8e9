import type { Knex, Outbox } from '@shop/service-kit';
import type { InTransaction } from '../domain/new-account';
import { UserRepository } from './user-repository';

/** Opens a transaction whose user rows and outbox rows commit together; `afterCommit` wakes the outbox relay. */
export function accountTransactions(db: Knex, outbox: Outbox, afterCommit: () => void = () => undefined): InTransaction {
  return async (work) => {
    const result = await db.transaction((trx) =>
      work({
        insertIfEmailFree: (user) => new UserRepository(trx).insertIfEmailFree(user),
        recordEvent: async (type, data) => {
          await outbox.enqueue(trx, type, data, data.userId);
        },
      }),
    );
    afterCommit();
    return result;
  };
}
