import { AppError } from '@shop/service-kit';
import type { Category, NewCategory } from './category';
import type { CategoryRepository } from './ports';

/** Sibling names are unique ignoring case, so "Mugs" and "mugs" cannot both sit under "Kitchen". */
export async function createCategory(input: NewCategory, deps: { categories: CategoryRepository }): Promise<Category> {
  const saved = await deps.categories.insert(input);
  if (saved.ok) return saved.category;
  if (saved.reason === 'name-taken') throw AppError.conflict(`a sibling category named ${input.name} already exists`);
  throw AppError.unprocessable(`parent category ${input.parentId} does not exist`);
}
