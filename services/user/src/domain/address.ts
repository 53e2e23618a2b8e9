export interface NewAddress {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export type AddressPatch = Partial<NewAddress>;

export interface Address extends NewAddress {
  id: string;
  userId: string;
  createdAt: Date;
}

export interface AddressView {
  id: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** An address book, not an audit log: a bound keeps a runaway client from filling the table. */
export const MAX_ADDRESSES_PER_USER = 20;

export function toAddressView(address: Address): AddressView {
  const { id, line1, line2, city, postalCode, country } = address;
  return { id, line1, ...(line2 ? { line2 } : {}), city, postalCode, country };
}
