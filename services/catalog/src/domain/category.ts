import { AppError, storableText } from '@shop/service-kit';
import { z } from 'zod';

/** A node of the category tree. Root categories have no `parentId`. */
export interface Category {
  id: string;
  name: string;
  parentId?: string;
}

export const newCategorySchema = z.object({
  name: storableText().trim().min(1).max(100),
  parentId: z.guid().optional(),
});
export type NewCategory = z.infer<typeof newCategorySchema>;

export const categoryNotFound = (id: string) => AppError.notFound(`category ${id} does not exist`);
