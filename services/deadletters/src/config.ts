import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const deadLettersConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('deadletters'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  /** Publishes replays written to the outbox; off in component tests that only look at the outbox rows. */
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
});

export type DeadLettersConfig = z.infer<typeof deadLettersConfigSchema>;
