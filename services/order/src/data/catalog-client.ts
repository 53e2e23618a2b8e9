import { AppError, type DaprSidecar } from '@shop/service-kit';
import type { Catalog, PricedProduct } from '../domain/ports';

/** Reads current prices from the catalog through service invocation (its cache makes repeat reads cheap). */
export class CatalogClient implements Catalog {
  constructor(private readonly sidecar: DaprSidecar, private readonly appId: string) {}

  async priceOf(productId: string): Promise<PricedProduct | undefined> {
    try {
      const product = await this.sidecar.invokeJson<{ id: string; sku: string; name: string; priceCents: number; currency: string }>(this.appId, { path: `products/${productId}` });
      return { productId: product.id, sku: product.sku, name: product.name, priceCents: product.priceCents, currency: product.currency };
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    }
  }
}
