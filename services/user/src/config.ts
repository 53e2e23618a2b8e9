import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const userConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('user'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
});

export type UserConfig = z.infer<typeof userConfigSchema>;
