import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const shippingConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('shipping'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  /** How long a confirmed order waits before its parcel goes to the carrier: the window in which it may still be cancelled. */
  DISPATCH_DELAY_SECONDS: z.coerce.number().int().min(0).max(7 * 24 * 60 * 60).default(60),
  /** The Dapr scheduler's schedule for the dispatch job ("@every 10s", or cron with seconds). */
  DISPATCH_SCHEDULE: z.string().trim().min(1).default('@every 10s'),
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
  /** Registers the dispatch job with the Dapr scheduler at start; off where no scheduler runs (component tests). */
  SCHEDULE_JOBS: z.stringbool().default(true),
});

export type ShippingConfig = z.infer<typeof shippingConfigSchema>;
