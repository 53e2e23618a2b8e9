import type { Category, NewCategory } from './category';
import type { PageSlice } from '@shop/service-kit';
import type { NewProduct, Product, ProductPatch } from './product';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export type CategorySaved = { ok: true; category: Category } | { ok: false; reason: 'name-taken' | 'unknown-parent' };

export interface CategoryRepository {
  insert(category: NewCategory): Promise<CategorySaved>;
  findById(id: string): Promise<Category | undefined>;
  list(slice: PageSlice): Promise<{ items: Category[]; total: number }>;
}

export type ProductSaved = { ok: true; product: Product } | { ok: false; reason: 'sku-taken' | 'unknown-category' };

export interface ProductCriteria {
  /** A prefix tsquery built by `toPrefixTsQuery`; undefined means no text filter. */
  textQuery?: string;
  /** The category and all of its descendants. */
  categoryId?: string;
}

export interface ProductRepository {
  insert(product: NewProduct): Promise<ProductSaved>;
  /** Only products that are not deleted. */
  findById(id: string): Promise<Product | undefined>;
  /** The live products among these (lower-case) ids, in no particular order; unknown or deleted ids are left out. */
  findByIds(ids: string[]): Promise<Product[]>;
  /** undefined when the product does not exist or is deleted. */
  update(id: string, patch: ProductPatch): Promise<ProductSaved | undefined>;
  /** false when there was no live product to delete. */
  softDelete(id: string): Promise<boolean>;
  search(criteria: ProductCriteria, slice: PageSlice): Promise<{ items: Product[]; total: number }>;
}

/** A read-through copy of single products; it may be stale by at most its TTL and may fail at any time. */
export interface ProductCache {
  get(id: string): Promise<Product | undefined>;
  put(product: Product): Promise<void>;
  evict(id: string): Promise<void>;
}

export interface WarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}
