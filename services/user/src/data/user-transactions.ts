import { handleOnce, type Knex, type Outbox } from '@shop/service-kit';
import type { InTransaction, OncePerEvent } from '../domain/ports';
import { AddressRepository } from './address-repository';
import { ProfileRepository } from './profile-repository';

/** Opens a transaction around a unit of work; `afterCommit` wakes the outbox relay. */
export function userTransactions(db: Knex, outbox: Outbox, afterCommit: () => void = () => undefined): InTransaction {
  return async (work) => {
    const result = await db.transaction((trx) =>
      work({
        profiles: new ProfileRepository(trx),
        addresses: new AddressRepository(trx),
        recordEvent: async (event) => {
          await outbox.enqueue(trx, event.type, event.data, event.data.userId);
        },
      }),
    );
    afterCommit();
    return result;
  };
}

/** The inbox: the handled event id and the profile write commit together. */
export function oncePerEvent(db: Knex, consumer: string): OncePerEvent {
  return (eventId, work) => handleOnce(db, consumer, eventId, (trx) => work(new ProfileRepository(trx)));
}
