import type { NewUser, User } from './user';

/** The data of `user.registered` (contracts/events/user.registered.v1.json). */
export interface UserRegistered {
  userId: string;
  email: string;
  name: string;
  registeredAt: string;
}

/** What opening an account writes, all inside one database transaction. */
export interface AccountLedger {
  /** Inserts the user, or returns undefined when the email is taken (also by a concurrent registration). */
  insertIfEmailFree(user: NewUser): Promise<User | undefined>;
  recordEvent(type: 'user.registered', data: UserRegistered): Promise<void>;
}

export type InTransaction = <T>(work: (ledger: AccountLedger) => Promise<T>) => Promise<T>;

/** Stores the user and announces it; both commit or neither does, so no consumer misses a user or hears of a phantom. */
export async function openAccount(user: NewUser, inTransaction: InTransaction): Promise<User | undefined> {
  return inTransaction(async (ledger) => {
    const created = await ledger.insertIfEmailFree(user);
    if (created) await ledger.recordEvent('user.registered', userRegistered(created));
    return created;
  });
}

const userRegistered = (user: User): UserRegistered => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  registeredAt: user.createdAt.toISOString(),
});
