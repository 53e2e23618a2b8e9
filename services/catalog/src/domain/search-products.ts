import { z } from 'zod';
import { pageOf, pageRequestSchema, sliceOf, storableText, type Page } from '@shop/service-kit';
import type { ProductRepository } from './ports';
import type { Product } from './product';
import { toPrefixTsQuery } from './search-query';

export const productSearchSchema = pageRequestSchema.extend({
  q: storableText().max(200).optional(),
  categoryId: z.guid().optional(),
});
export type ProductSearch = z.infer<typeof productSearchSchema>;

/**
 * GET /products?q=&categoryId=&page=&pageSize=
 * - `q`: every word must prefix-match a word of the name, description or sku, ignoring case ("blu mug" finds
 *   "Blue Mug"). Punctuation is ignored; a `q` with no letters or digits does not filter.
 * - `categoryId`: the category AND all of its sub-categories, so browsing "Kitchen" shows the products of "Mugs".
 *   An unknown category matches nothing.
 * - Ordered by relevance (when `q` is given), then name. `total` counts every match, not just this page.
 */
export async function searchProducts(search: ProductSearch, deps: { products: ProductRepository }): Promise<Page<Product>> {
  const textQuery = toPrefixTsQuery(search.q);
  const found = await deps.products.search({ textQuery, categoryId: search.categoryId }, sliceOf(search));
  return pageOf(search, found);
}
