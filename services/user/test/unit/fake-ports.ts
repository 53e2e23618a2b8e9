import { randomUUID } from 'node:crypto';
import type { Address, AddressPatch, NewAddress } from '../../src/domain/address';
import type { Addresses, InTransaction, Profiles, UnitOfWork } from '../../src/domain/ports';
import type { NewProfile, Profile, ProfilePatch, ProfileUpdated } from '../../src/domain/profile';

/** In-memory stand-ins for our own ports (no transactions: a unit of work sees and keeps every write). */
export class FakeProfiles implements Profiles {
  readonly rows = new Map<string, Profile>();

  async find(userId: string) {
    return this.rows.get(userId);
  }
  async ensure(profile: NewProfile) {
    if (!this.rows.has(profile.userId)) this.rows.set(profile.userId, { ...profile, phone: null, updatedAt: new Date() });
    return this.rows.get(profile.userId)!;
  }
  async lock() {}
  async update(userId: string, patch: ProfilePatch) {
    const updated = { ...this.rows.get(userId)!, ...patch, updatedAt: new Date() };
    this.rows.set(userId, updated);
    return updated;
  }
  async recordRegistration() {
    return true;
  }
}

export class FakeAddresses implements Addresses {
  readonly rows: Address[] = [];

  async listOf(userId: string) {
    const items = this.rows.filter((row) => row.userId === userId);
    return { items, total: items.length };
  }
  async countOf(userId: string) {
    return this.rows.filter((row) => row.userId === userId).length;
  }
  async insert(userId: string, address: NewAddress) {
    const row = { ...address, id: randomUUID(), userId, createdAt: new Date() };
    this.rows.push(row);
    return row;
  }
  async update(userId: string, id: string, patch: AddressPatch) {
    const row = this.rows.find((r) => r.id === id && r.userId === userId);
    if (row) Object.assign(row, patch);
    return row;
  }
  async remove(userId: string, id: string) {
    const index = this.rows.findIndex((r) => r.id === id && r.userId === userId);
    if (index >= 0) this.rows.splice(index, 1);
    return index >= 0;
  }
}

export function fakeWorld() {
  const profiles = new FakeProfiles();
  const addresses = new FakeAddresses();
  const events: ProfileUpdated[] = [];
  let transactions = 0;
  const unit: UnitOfWork = { profiles, addresses, recordEvent: async (event) => void events.push(event) };
  const inTransaction: InTransaction = async (work) => {
    transactions += 1;
    return work(unit);
  };
  return { profiles, addresses, events, inTransaction, transactions: () => transactions };
}
