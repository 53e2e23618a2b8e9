import { getProduct } from '../../src/domain/get-product';
import { aProduct, FakeProductCache, FakeProductRepository, RecordingLog } from './fake-ports';

describe('getProduct (cache-aside)', () => {
  it('when the product is cached, then it is answered from the cache without reading the database', async () => {
    const product = aProduct();
    const products = new FakeProductRepository([product]);
    const cache = new FakeProductCache();
    cache.entries.set(product.id, product);

    const result = await getProduct(product.id, { products, cache, log: new RecordingLog() });

    expect(result).toEqual({ product, cache: 'hit' });
    expect(products.reads).toBe(0);
  });

  it('when the product is not cached, then it is read from the database and put in the cache', async () => {
    const product = aProduct();
    const products = new FakeProductRepository([product]);
    const cache = new FakeProductCache();

    const result = await getProduct(product.id, { products, cache, log: new RecordingLog() });

    expect(result).toEqual({ product, cache: 'miss' });
    expect(products.reads).toBe(1);
    expect(cache.entries.get(product.id)).toEqual(product);
  });

  it('when the cache fails, then the product is read from the database and a warning is logged', async () => {
    const product = aProduct();
    const cache = new FakeProductCache();
    cache.failWith = new Error('sidecar unreachable');
    const log = new RecordingLog();

    const result = await getProduct(product.id, { products: new FakeProductRepository([product]), cache, log });

    expect(result).toEqual({ product, cache: 'miss' });
    expect(log.warnings).toEqual(['product cache read failed; reading the database', 'product cache fill failed']);
  });

  it('when the product does not exist, then it is not found and nothing is cached', async () => {
    const cache = new FakeProductCache();

    const attempt = getProduct(aProduct().id, { products: new FakeProductRepository(), cache, log: new RecordingLog() });

    await expect(attempt).rejects.toMatchObject({ status: 404 });
    expect(cache.entries.size).toBe(0);
  });

  it('when the id is not a uuid, then it is not found without touching the cache or the database', async () => {
    const products = new FakeProductRepository();
    const cache = new FakeProductCache();
    cache.failWith = new Error('must not be called');
    const log = new RecordingLog();

    const attempt = getProduct("1' or '1'='1", { products, cache, log });

    await expect(attempt).rejects.toMatchObject({ status: 404 });
    expect(products.reads).toBe(0);
    expect(log.warnings).toEqual([]);
  });
});
