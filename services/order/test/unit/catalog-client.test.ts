import type { InvokeRequest } from '@shop/service-kit';
import { CatalogClient } from '../../src/data/catalog-client';

/** Stands in for the sidecar's invoke call and answers as the catalog's lookup would. */
function catalogLookup(products: { id: string; sku: string; name: string; priceCents: number; currency: string }[]) {
  const calls: { appId: string; request: InvokeRequest }[] = [];
  const sidecar = {
    invokeJson: async <T>(appId: string, request: InvokeRequest): Promise<T> => {
      calls.push({ appId, request });
      const ids = (request.body as { ids: string[] }).ids;
      return { products: products.filter((p) => ids.includes(p.id)), missing: ids.filter((id) => !products.some((p) => p.id === id)) } as T;
    },
  };
  return { sidecar, calls };
}

const mug = { id: 'abcdef00-0000-4000-8000-000000000001', sku: 'MUG', name: 'Mug', priceCents: 1299, currency: 'USD' };
const unknown = 'abcdef00-0000-4000-8000-0000000000ff';

describe('the catalog client (one batch lookup through invocation)', () => {
  it('when products are asked for, then one lookup names them all and an unknown one is simply absent', async () => {
    const { sidecar, calls } = catalogLookup([mug]);

    const products = await new CatalogClient(sidecar, 'catalog').productsOf([mug.id, unknown]);

    expect(products).toEqual(new Map([[mug.id, { productId: mug.id, sku: 'MUG', name: 'Mug', priceCents: 1299, currency: 'USD' }]]));
    expect(calls).toEqual([{ appId: 'catalog', request: { method: 'POST', path: 'product-lookup', body: { ids: [mug.id, unknown] } } }]);
  });

  it('when the client spelled an id in upper case, then the product is keyed by that spelling and named once in the lookup', async () => {
    const { sidecar, calls } = catalogLookup([mug]);

    const products = await new CatalogClient(sidecar, 'catalog').productsOf([mug.id.toUpperCase(), mug.id]);

    expect([...products.keys()]).toEqual([mug.id.toUpperCase(), mug.id]);
    expect(calls[0]!.request.body).toEqual({ ids: [mug.id] });
  });
});
