import type { DaprSidecar } from '@shop/service-kit';
import type { PriceList } from '../domain/ports';

/** The most ids the catalog answers in one lookup (its MAX_LOOKUP_IDS); a cart's 50 lines (MAX_LINES) fit in one. */
export const LOOKUP_BATCH = 100;

interface ProductLookup {
  products: { id: string; priceCents: number }[];
  missing: string[];
}

/**
 * Reads current prices with the catalog's batch lookup through service invocation: one call for a whole cart (one per
 * hundred lines). An unknown product is part of the lookup's 200 answer, never a 404, so a client adding made-up ids
 * to its cart does not count against the circuit breaker every cart shares to the catalog.
 */
export function createCatalogPrices(sidecar: Pick<DaprSidecar, 'invokeJson'>, appId: string): PriceList {
  return {
    async pricesOf(productIds) {
      // The catalog answers canonical (lower-case) ids, as the cart's API now passes them; an id asked in another
      // spelling is still answered under that spelling, as the port promises.
      const wanted = [...new Set(productIds.map((id) => id.toLowerCase()))];
      const batches = Array.from({ length: Math.ceil(wanted.length / LOOKUP_BATCH) }, (_, n) => wanted.slice(n * LOOKUP_BATCH, (n + 1) * LOOKUP_BATCH));
      const lookups = await Promise.all(batches.map((ids) => sidecar.invokeJson<ProductLookup>(appId, { method: 'POST', path: 'product-lookup', body: { ids } })));
      const prices = new Map(lookups.flatMap((lookup) => lookup.products).map((product) => [product.id, product.priceCents]));
      const found = productIds.map((id) => [id, prices.get(id.toLowerCase())] as const);
      return new Map(found.filter((entry): entry is readonly [string, number] => entry[1] !== undefined));
    },
  };
}
