import type { InvokeRequest } from '@shop/service-kit';
import { MAX_LOOKUP_IDS } from '../../../catalog/src/domain/look-up-products';
import { createCatalogPrices, LOOKUP_BATCH } from '../../src/data/catalog-prices';

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Stands in for the sidecar's invoke call and answers as the catalog's lookup would: every id in `prices` exists. */
function catalogLookups(prices: Map<string, number>) {
  const calls: { appId: string; request: InvokeRequest }[] = [];
  const sidecar = {
    invokeJson: async <T>(appId: string, request: InvokeRequest): Promise<T> => {
      calls.push({ appId, request });
      const ids = (request.body as { ids: string[] }).ids;
      return { products: ids.filter((id) => prices.has(id)).map((id) => ({ id, priceCents: prices.get(id) })), missing: ids.filter((id) => !prices.has(id)) } as T;
    },
  };
  return { sidecar, calls };
}

describe('prices from the catalog (one batch lookup through invocation)', () => {
  it('when prices are asked for, then one lookup names every product and an unknown one is simply absent', async () => {
    const { sidecar, calls } = catalogLookups(new Map([[idOf(1), 500], [idOf(2), 300]]));

    const prices = await createCatalogPrices(sidecar, 'catalog').pricesOf([idOf(1), idOf(9), idOf(2)]);

    expect(prices).toEqual(new Map([[idOf(1), 500], [idOf(2), 300]]));
    expect(calls).toEqual([{ appId: 'catalog', request: { method: 'POST', path: 'product-lookup', body: { ids: [idOf(1), idOf(9), idOf(2)] } } }]);
  });

  it('when the client spelled an id in upper case, then its price is keyed by that spelling', async () => {
    const { sidecar, calls } = catalogLookups(new Map([['abcdef00-0000-4000-8000-000000000001', 750]]));

    const prices = await createCatalogPrices(sidecar, 'catalog').pricesOf(['ABCDEF00-0000-4000-8000-000000000001']);

    expect(prices).toEqual(new Map([['ABCDEF00-0000-4000-8000-000000000001', 750]]));
    expect(calls[0]!.request.body).toEqual({ ids: ['abcdef00-0000-4000-8000-000000000001'] });
  });

  it('when a cart has more lines than one lookup may name, then the lookups are split at the catalog\'s bound', async () => {
    const ids = Array.from({ length: LOOKUP_BATCH * 2 + 1 }, (_, n) => idOf(n));
    const { sidecar, calls } = catalogLookups(new Map(ids.map((id) => [id, 100])));

    const prices = await createCatalogPrices(sidecar, 'catalog').pricesOf(ids);

    expect(LOOKUP_BATCH).toBe(MAX_LOOKUP_IDS);
    expect(calls.map((call) => (call.request.body as { ids: string[] }).ids.length)).toEqual([LOOKUP_BATCH, LOOKUP_BATCH, 1]);
    expect(prices.size).toBe(ids.length);
  });
});
