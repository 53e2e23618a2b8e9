import type { DaprSidecar } from '@shop/service-kit';
import type { Catalog, PricedProduct } from '../domain/ports';

interface ProductLookup {
  products: { id: string; sku: string; name: string; priceCents: number; currency: string }[];
  missing: string[];
}

/**
 * Prices all lines of an order with one call to the catalog's batch lookup, through service invocation. An unknown
 * product is part of the lookup's 200 answer, never a 404, so orders naming made-up ids do not count against the
 * circuit breaker to the catalog. An order has at most 50 lines (MAX_ORDER_LINES): one lookup (up to 100) holds them.
 */
export class CatalogClient implements Catalog {
  constructor(private readonly sidecar: Pick<DaprSidecar, 'invokeJson'>, private readonly appId: string) {}

  async productsOf(productIds: string[]): Promise<Map<string, PricedProduct>> {
    // The catalog answers canonical (lower-case) ids, as the order's API now passes them; an id asked in another
    // spelling is still answered under that spelling, as the port promises.
    const ids = [...new Set(productIds.map((id) => id.toLowerCase()))];
    const lookup = await this.sidecar.invokeJson<ProductLookup>(this.appId, { method: 'POST', path: 'product-lookup', body: { ids } });
    const found = new Map(lookup.products.map(({ id, sku, name, priceCents, currency }) => [id, { productId: id, sku, name, priceCents, currency }]));
    return new Map(productIds.flatMap((id) => {
      const product = found.get(id.toLowerCase());
      return product ? [[id, product] as const] : [];
    }));
  }
}
