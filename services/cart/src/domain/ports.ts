import type { Cart } from './cart';

export interface VersionedCart {
  cart: Cart;
  /** The store's version of what was read; a write carrying it fails if anyone wrote in between. */
  etag: string;
}

export type WriteOutcome = 'saved' | 'conflict';

/** One cart per user. Writes are conditional: on the etag read, or (etag undefined) on the cart not existing yet. */
export interface CartStore {
  read(userId: string): Promise<VersionedCart | undefined>;
  write(userId: string, cart: Cart, etag: string | undefined): Promise<WriteOutcome>;
}

/** Current prices come from the catalog, never from the client. */
export interface PriceList {
  /** The price of each product that exists, keyed by the id as asked; one that does not (or was deleted) is absent. */
  pricesOf(productIds: string[]): Promise<Map<string, number>>;
}

export interface Customer {
  id: string;
  email: string;
  roles: string[];
}

export interface OrderRequest {
  customer: Customer;
  idempotencyKey: string;
  items: { productId: string; quantity: number }[];
  shippingAddress: unknown;
  paymentToken: string;
}

/** The order service's answer, as it gave it: 202 with the order, or a 4xx with its problem detail. */
export interface OrderAnswer {
  status: number;
  body: unknown;
}

export interface OrderPlacement {
  place(request: OrderRequest): Promise<OrderAnswer>;
}
