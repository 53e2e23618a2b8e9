import type { DaprSidecar } from '@shop/service-kit';
import type { ProductCatalog } from '../domain/ports';

/**
 * Asks the catalog through service invocation with its batch lookup, naming one id: an unknown product is part of
 * the lookup's 200 answer (`missing`), so no 404 crosses the sidecars to count as a failure.
 */
export function createCatalogProducts(sidecar: Pick<DaprSidecar, 'invokeJson'>, appId: string): ProductCatalog {
  return {
    async exists(productId) {
      const lookup = await sidecar.invokeJson<{ products: { id: string }[] }>(appId, { method: 'POST', path: 'product-lookup', body: { ids: [productId] } });
      return lookup.products.length > 0;
    },
  };
}
