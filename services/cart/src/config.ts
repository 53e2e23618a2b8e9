import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const cartConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('cart'),
  CATALOG_APP_ID: z.string().min(1).default('catalog'),
  ORDER_APP_ID: z.string().min(1).default('order'),
  /** A cart untouched this long expires; every write starts the clock again. */
  CART_TTL_SECONDS: z.coerce.number().int().min(1).default(30 * 24 * 3600),
  /** Placing an order waits for the order service, Dapr resiliency retries included. */
  ORDER_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});
export type CartConfig = z.infer<typeof cartConfigSchema>;
