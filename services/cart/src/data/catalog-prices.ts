import { AppError, type DaprSidecar } from '@shop/service-kit';
import type { PriceList } from '../domain/ports';

/** Reads current prices from the catalog through service invocation (its cache makes repeat reads cheap). */
export function createCatalogPrices(sidecar: Pick<DaprSidecar, 'invokeJson'>, appId: string): PriceList {
  return {
    async priceOf(productId) {
      try {
        const product = await sidecar.invokeJson<{ priceCents: number }>(appId, { path: `products/${encodeURIComponent(productId)}` });
        return product.priceCents;
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
