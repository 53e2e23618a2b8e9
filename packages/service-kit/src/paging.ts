import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `?page=&pageSize=` as every list of the platform reads it: page ≥ 1, pageSize 1..100, both optional. */
export const pageRequestSchema = z.object({
  page: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type PageRequest = z.infer<typeof pageRequestSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PageSlice {
  limit: number;
  offset: number;
}

export const sliceOf = ({ page, pageSize }: PageRequest): PageSlice => ({ limit: pageSize, offset: (page - 1) * pageSize });

export const pageOf = <T>(request: PageRequest, found: { items: T[]; total: number }): Page<T> => ({
  items: found.items,
  page: request.page,
  pageSize: request.pageSize,
  total: found.total,
});
