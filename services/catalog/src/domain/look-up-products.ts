import { AppError } from '@shop/service-kit';
import { z } from 'zod';
import type { ProductRepository } from './ports';
import type { Product } from './product';

/** The most ids one lookup may name: a bound on the query and the answer, far above an order's 50 lines. */
export const MAX_LOOKUP_IDS = 100;

export const productLookupSchema = z.object({
  // Canonical (lower-case) uuids, so each product is named once whatever case the caller used.
  ids: z.array(z.guid('each id must be a uuid').transform((id) => id.toLowerCase())).min(1, 'name at least one product id'),
});
export type ProductLookupRequest = z.infer<typeof productLookupSchema>;

export interface ProductLookup {
  /** The live products among the ids, in the order they were asked for. */
  products: Product[];
  /** The ids that name no product (never created, or deleted), in the order they were asked for. */
  missing: string[];
}

/**
 * POST /product-lookup, for the services that price or stock products (cart, order, inventory; never routed by the
 * gateway). Many products in one call, and an unknown id is part of the answer rather than a 404: Dapr's circuit
 * breakers count every non-2xx answer as a failure, so a burst of made-up ids must not open a caller's breaker to the
 * catalog for everyone. Read from the database, not the cache: one indexed query for all ids, and always current.
 */
export async function lookUpProducts({ ids }: ProductLookupRequest, deps: { products: ProductRepository }): Promise<ProductLookup> {
  const wanted = [...new Set(ids)];
  if (wanted.length > MAX_LOOKUP_IDS) throw tooManyIds(wanted.length);
  const found = new Map((await deps.products.findByIds(wanted)).map((product) => [product.id, product]));
  return {
    products: wanted.flatMap((id) => found.get(id) ?? []),
    missing: wanted.filter((id) => !found.has(id)),
  };
}

const tooManyIds = (count: number) =>
  new AppError('payload-too-large', `a lookup names at most ${MAX_LOOKUP_IDS} distinct product ids (this one named ${count}); split it into several lookups`);
