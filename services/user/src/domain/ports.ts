import type { PageSlice } from '@shop/service-kit';
import type { Address, AddressPatch, NewAddress } from './address';
import type { NewProfile, Profile, ProfilePatch, ProfileUpdated, Registration } from './profile';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export interface Profiles {
  find(userId: string): Promise<Profile | undefined>;
  /** Inserts a provisional profile unless the user has one; returns the stored profile either way. */
  ensure(profile: NewProfile): Promise<Profile>;
  /** Holds the user's profile row until the transaction ends, serialising their address-book writes. */
  lock(userId: string): Promise<void>;
  update(userId: string, patch: ProfilePatch): Promise<Profile>;
  /** Creates or completes the profile; never replaces one that is newer than the registration. True when it wrote. */
  recordRegistration(registration: Registration): Promise<boolean>;
}

export interface Addresses {
  listOf(userId: string, slice: PageSlice): Promise<{ items: Address[]; total: number }>;
  countOf(userId: string): Promise<number>;
  insert(userId: string, address: NewAddress): Promise<Address>;
  /** Only the owner's address is touched; undefined when `userId` owns no address `id`. */
  update(userId: string, id: string, patch: AddressPatch): Promise<Address | undefined>;
  remove(userId: string, id: string): Promise<boolean>;
}

/** The writes of one database transaction, with the outbox, so a change and its event commit together. */
export interface UnitOfWork {
  profiles: Profiles;
  addresses: Addresses;
  recordEvent(event: ProfileUpdated): Promise<void>;
}

export type InTransaction = <T>(work: (unit: UnitOfWork) => Promise<T>) => Promise<T>;

/** Runs `work` once per event id; a redelivery is skipped. */
export type OncePerEvent = (eventId: string, work: (profiles: Profiles) => Promise<void>) => Promise<'handled' | 'duplicate'>;

export interface UserLog {
  info(fields: Record<string, unknown>, message: string): void;
}
