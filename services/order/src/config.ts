import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).default('true').transform((value) => value === 'true');

export const orderConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().default('order'),
  DATABASE_URL: z.url(),
  DAPR_GRPC_PORT: z.coerce.number().int().min(1).max(65535).default(50001),
  CATALOG_APP_ID: z.string().default('catalog'),
  INVENTORY_APP_ID: z.string().default('inventory'),
  PAYMENT_APP_ID: z.string().default('payment'),
  SHIPPING_APP_ID: z.string().default('shipping'),
  /** How long a call to another service may take, Dapr resiliency retries included. */
  INVOKE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  OUTBOX_RELAY_ENABLED: flag,
  WORKFLOWS_ENABLED: flag,
  SCHEDULE_JOBS: flag,
  MAINTENANCE_SCHEDULE: z.string().default('@every 30s'),
  /** Orders PENDING this long without a workflow (a crash between commit and start) get theirs started. */
  WORKFLOW_START_GRACE_SECONDS: z.coerce.number().int().min(0).default(10),
  /** Workflow history of orders that ended this long ago is purged from the state store. */
  /** An order still PENDING this long after it was placed counts in `shop_orders_pending_stuck` (alert: orders stuck). */
  ORDER_STUCK_PENDING_SECONDS: z.coerce.number().int().min(1).default(300),
  WORKFLOW_RETENTION_SECONDS: z.coerce.number().int().min(0).default(24 * 3600),
});
export type OrderConfig = z.infer<typeof orderConfigSchema>;
