import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

export const notificationConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('notification'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
  EMAIL_BINDING: z.string().min(1).default('email'),
  SMS_BINDING: z.string().min(1).default('sms'),
  BINDING_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
