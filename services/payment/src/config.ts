import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const paymentConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('payment'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
  /** How long the simulated processor takes to answer for `tok_slow` (exercises the caller's timeouts). */
  SLOW_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
});

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
