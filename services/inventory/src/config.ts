import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const inventoryConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('inventory'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  /** The app id the sidecar invokes to ask whether a product exists before its first stock is set. */
  CATALOG_APP_ID: z.string().min(1).default('catalog'),
  /** How long a reservation holds stock when the caller gives no ttlSeconds. */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 60 * 60).default(900),
  /** The Dapr scheduler's schedule for the expiry sweep ("@every 30s", or cron with seconds). */
  SWEEP_SCHEDULE: z.string().trim().min(1).default('@every 30s'),
  SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
  /** Registers the sweep with the Dapr scheduler at start; off where no scheduler runs (component tests). */
  SCHEDULE_JOBS: z.stringbool().default(true),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
