import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const catalogConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('catalog'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
  PRODUCT_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
});
export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
