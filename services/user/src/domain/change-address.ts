import { AppError } from '@shop/service-kit';
import { toAddressView, type AddressPatch, type AddressView } from './address';
import type { Addresses } from './ports';
import { assertSomethingToChange } from './profile';

export interface ChangeAddressDeps {
  addresses: Addresses;
}

/** Another customer's address is reported as missing, not forbidden: its existence is not ours to reveal. */
export async function changeAddress(userId: string, addressId: string, patch: AddressPatch, deps: ChangeAddressDeps): Promise<AddressView> {
  assertSomethingToChange(patch);
  const updated = await deps.addresses.update(userId, addressId, patch);
  if (!updated) throw addressNotFound(addressId);
  return toAddressView(updated);
}

export const addressNotFound = (addressId: string) => AppError.notFound(`address ${addressId} was not found`);
