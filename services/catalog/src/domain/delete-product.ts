import { isEntityId } from './entity-id';
import { evictProduct } from './evict-product';
import { productNotFound } from './product';
import type { ProductCache, ProductRepository, WarningLog } from './ports';

/** Soft delete: orders placed earlier keep pointing at the row, while reads and search stop showing it. */
export async function deleteProduct(id: string, deps: { products: ProductRepository; cache: ProductCache; log: WarningLog }): Promise<void> {
  const deleted = isEntityId(id) && (await deps.products.softDelete(id));
  if (!deleted) throw productNotFound(id);
  await evictProduct(id, deps);
}
