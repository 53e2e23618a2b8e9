import { assertSupportedCurrency, skuTaken, unknownCategory, type NewProduct, type Product } from './product';
import type { ProductRepository } from './ports';

export async function createProduct(input: NewProduct, deps: { products: ProductRepository }): Promise<Product> {
  assertSupportedCurrency(input.currency);
  const saved = await deps.products.insert(input);
  if (saved.ok) return saved.product;
  throw saved.reason === 'sku-taken' ? skuTaken(input.sku) : unknownCategory(input.categoryId);
}
