import { randomUUID } from 'node:crypto';
import type { AccountLedger, InTransaction, UserRegistered } from '../../../src/domain/new-account';
import type { NewUser, User, UserDirectory } from '../../../src/domain/user';

/** Users and their recorded events in memory; a transaction's writes are kept only when its work succeeds. */
export class InMemoryUsers implements UserDirectory {
  readonly users: User[] = [];
  readonly events: { type: string; data: UserRegistered }[] = [];

  async findByEmail(email: string): Promise<User | undefined> {
    return this.users.find((u) => u.email === email);
  }

  async findById(id: string): Promise<User | undefined> {
    return this.users.find((u) => u.id === id);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const user = this.users.find((u) => u.id === id);
    if (user) user.passwordHash = passwordHash;
  }

  readonly inTransaction: InTransaction = async (work) => {
    const pendingUsers: User[] = [];
    const pendingEvents: { type: string; data: UserRegistered }[] = [];
    const ledger: AccountLedger = {
      insertIfEmailFree: async (user: NewUser) => {
        if (this.users.some((u) => u.email === user.email)) return undefined;
        const created = { ...user, roles: [...user.roles], id: randomUUID(), createdAt: new Date() };
        pendingUsers.push(created);
        return created;
      },
      recordEvent: async (type, data) => {
        pendingEvents.push({ type, data });
      },
    };
    const result = await work(ledger);
    this.users.push(...pendingUsers);
    this.events.push(...pendingEvents);
    return result;
  };
}
