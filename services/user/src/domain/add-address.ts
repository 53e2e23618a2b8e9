import { AppError } from '@shop/service-kit';
import { MAX_ADDRESSES_PER_USER, toAddressView, type AddressView, type NewAddress } from './address';
import type { InTransaction } from './ports';
import { provisionalProfileOf, type Identity } from './profile';

export interface AddAddressDeps {
  inTransaction: InTransaction;
}

export async function addAddress(identity: Identity, address: NewAddress, deps: AddAddressDeps): Promise<AddressView> {
  return deps.inTransaction(async (unit) => {
    await unit.profiles.ensure(provisionalProfileOf(identity));
    // Counting under the profile's row lock: two concurrent adds cannot both see 19 and make 21.
    await unit.profiles.lock(identity.userId);
    if ((await unit.addresses.countOf(identity.userId)) >= MAX_ADDRESSES_PER_USER) {
      throw AppError.conflict(`an address book holds at most ${MAX_ADDRESSES_PER_USER} addresses; delete one first`);
    }
    return toAddressView(await unit.addresses.insert(identity.userId, address));
  });
}
