import { pageOf, sliceOf, type Page, type PageRequest } from '@shop/service-kit';
import { toAddressView, type AddressView } from './address';
import type { Addresses } from './ports';

export interface ListAddressesDeps {
  addresses: Addresses;
}

/** The caller's own addresses, newest first. */
export async function listMyAddresses(userId: string, request: PageRequest, deps: ListAddressesDeps): Promise<Page<AddressView>> {
  const found = await deps.addresses.listOf(userId, sliceOf(request));
  return pageOf(request, { items: found.items.map(toAddressView), total: found.total });
}
