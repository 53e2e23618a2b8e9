import path from 'node:path';
import { standardService, subscriptionRoutes, type Logger, type Service } from '@shop/service-kit';
import { userRoutes } from './api/routes';
import type { UserConfig } from './config';
import { AddressRepository } from './data/address-repository';
import { ProfileRepository } from './data/profile-repository';
import { oncePerEvent, userTransactions } from './data/user-transactions';
import { userEventSubscriptions } from './events/user-events';

export interface UserOverrides {
  log?: Logger;
}

export type UserService = Service & { port(): number };

/** The inbox consumer name: the handled user.registered ids of this service. */
const PROFILE_CONSUMER = 'profile-from-registration';

/** start(): database → migrations → outbox relay → HTTP (subscriptions included). stop(): the reverse. */
export function createUserService(config: UserConfig, overrides: UserOverrides = {}): UserService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    routers: ({ db, contracts, outbox, afterEvents, log }) => [
      subscriptionRoutes(userEventSubscriptions({ oncePerEvent: oncePerEvent(db, PROFILE_CONSUMER), log }), contracts, log),
      userRoutes({ profiles: new ProfileRepository(db), addresses: new AddressRepository(db), inTransaction: userTransactions(db, outbox, afterEvents) }),
    ],
  });
}
