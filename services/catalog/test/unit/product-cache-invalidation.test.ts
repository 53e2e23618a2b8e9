import { deleteProduct } from '../../src/domain/delete-product';
import { updateProduct } from '../../src/domain/update-product';
import { aProduct, FakeProductCache, FakeProductRepository, RecordingLog } from './fake-ports';

describe('product cache invalidation', () => {
  it('when a product is updated, then its cached copy is evicted', async () => {
    const product = aProduct();
    const cache = new FakeProductCache();
    cache.entries.set(product.id, product);

    const updated = await updateProduct(product.id, { priceCents: 999 }, { products: new FakeProductRepository([product]), cache, log: new RecordingLog() });

    expect(updated.priceCents).toBe(999);
    expect(cache.evicted).toEqual([product.id]);
  });

  it('when a product is deleted, then its cached copy is evicted', async () => {
    const product = aProduct();
    const cache = new FakeProductCache();
    cache.entries.set(product.id, product);

    await deleteProduct(product.id, { products: new FakeProductRepository([product]), cache, log: new RecordingLog() });

    expect(cache.entries.has(product.id)).toBe(false);
  });

  it('when eviction fails after an update, then the update still succeeds and a warning is logged', async () => {
    const product = aProduct();
    const cache = new FakeProductCache();
    cache.failWith = new Error('sidecar unreachable');
    const log = new RecordingLog();

    const updated = await updateProduct(product.id, { name: 'Red Mug' }, { products: new FakeProductRepository([product]), cache, log });

    expect(updated.name).toBe('Red Mug');
    expect(log.warnings).toHaveLength(1);
  });

  it('when the product to update does not exist, then it is not found and nothing is evicted', async () => {
    const cache = new FakeProductCache();

    const attempt = updateProduct(aProduct().id, { name: 'Red Mug' }, { products: new FakeProductRepository(), cache, log: new RecordingLog() });

    await expect(attempt).rejects.toMatchObject({ status: 404 });
    expect(cache.evicted).toEqual([]);
  });

  it('when the patch asks for another currency, then it is refused with 422 before anything changes', async () => {
    const product = aProduct();
    const products = new FakeProductRepository([product]);

    const attempt = updateProduct(product.id, { currency: 'EUR' }, { products, cache: new FakeProductCache(), log: new RecordingLog() });

    await expect(attempt).rejects.toMatchObject({ status: 422 });
    expect(products.rows.get(product.id)?.currency).toBe('USD');
  });
});
