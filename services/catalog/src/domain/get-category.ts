import { categoryNotFound, type Category } from './category';
import { isEntityId } from './entity-id';
import type { CategoryRepository } from './ports';

export async function getCategory(id: string, deps: { categories: CategoryRepository }): Promise<Category> {
  const category = isEntityId(id) ? await deps.categories.findById(id) : undefined;
  if (!category) throw categoryNotFound(id);
  return category;
}
