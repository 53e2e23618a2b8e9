import type { Addresses } from './ports';
import { addressNotFound } from './change-address';

export interface RemoveAddressDeps {
  addresses: Addresses;
}

export async function removeAddress(userId: string, addressId: string, deps: RemoveAddressDeps): Promise<void> {
  if (!(await deps.addresses.remove(userId, addressId))) throw addressNotFound(addressId);
}
