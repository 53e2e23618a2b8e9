import { isEntityId } from './entity-id';
import { evictProduct } from './evict-product';
import { assertSupportedCurrency, productNotFound, skuTaken, unknownCategory, type Product, type ProductPatch } from './product';
import type { ProductCache, ProductRepository, WarningLog } from './ports';

export interface UpdateProductDeps {
  products: ProductRepository;
  cache: ProductCache;
  log: WarningLog;
}

export async function updateProduct(id: string, patch: ProductPatch, deps: UpdateProductDeps): Promise<Product> {
  if (!isEntityId(id)) throw productNotFound(id);
  assertSupportedCurrency(patch.currency);
  const saved = await deps.products.update(id, patch);
  if (!saved) throw productNotFound(id);
  if (!saved.ok) throw saved.reason === 'sku-taken' ? skuTaken(patch.sku ?? '') : unknownCategory(patch.categoryId ?? '');
  await evictProduct(id, deps);
  return saved.product;
}
