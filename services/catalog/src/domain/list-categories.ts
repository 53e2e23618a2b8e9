import type { Category } from './category';
import { pageOf, sliceOf, type Page, type PageRequest } from '@shop/service-kit';
import type { CategoryRepository } from './ports';

/** All categories, flat, ordered by name; clients rebuild the tree from `parentId`. */
export async function listCategories(request: PageRequest, deps: { categories: CategoryRepository }): Promise<Page<Category>> {
  return pageOf(request, await deps.categories.list(sliceOf(request)));
}
