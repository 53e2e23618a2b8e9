import { DaprSidecar } from '@shop/service-kit';
import type { ProductCache } from '../../src/domain/ports';
import { anAdmin, givenCategory, givenProduct, startCatalog, type CatalogUnderTest } from './catalog-under-test';

let catalog: CatalogUnderTest;
let stateStore: DaprSidecar;

beforeAll(async () => {
  catalog = await startCatalog();
  stateStore = new DaprSidecar('127.0.0.1', Number(process.env.COMPONENT_DAPR_HTTP_PORT));
});

afterAll(async () => {
  await catalog.stop();
  await stateStore.stop();
});

describe('product cache (Dapr state store)', () => {
  it('when a product is read twice, then the first read is a miss that fills the cache and the second a hit', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const first = await catalog.call('GET', `/products/${product.id}`);
    const second = await catalog.call('GET', `/products/${product.id}`);

    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(await stateStore.getState(`product:${product.id}`)).toEqual(product);
  });

  it('when a cached product is patched, then the next read is a miss with the new price', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id, { priceCents: 1000 });
    await catalog.call('GET', `/products/${product.id}`);

    await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { priceCents: 1500 } });

    expect(await stateStore.getState(`product:${product.id}`)).toBeUndefined();
    const read = await catalog.call('GET', `/products/${product.id}`);
    expect(read.headers.get('x-cache')).toBe('miss');
    expect(read.body.priceCents).toBe(1500);
  });

  it('when a cached product is deleted, then it is no longer served from the cache', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);
    await catalog.call('GET', `/products/${product.id}`);

    await catalog.call('DELETE', `/products/${product.id}`, { as: anAdmin() });

    expect(await stateStore.getState(`product:${product.id}`)).toBeUndefined();
    expect((await catalog.call('GET', `/products/${product.id}`)).status).toBe(404);
  });

  it('when the cache fails, then reads still succeed from the database as misses', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);
    const withBrokenCache = await startCatalog({}, { cache: brokenCache });

    try {
      const read = await withBrokenCache.call('GET', `/products/${product.id}`);

      expect(read.status).toBe(200);
      expect(read.headers.get('x-cache')).toBe('miss');
      expect(read.body).toEqual(product);
    } finally {
      await withBrokenCache.stop();
    }
  });
});

const failing = async (): Promise<never> => {
  throw new Error('state store unavailable');
};
// Our own port, failing: the real daprd cannot be made to fail on demand without stopping it for every other test.
const brokenCache: ProductCache = { get: failing, put: failing, evict: failing };
