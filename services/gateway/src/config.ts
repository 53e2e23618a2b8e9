import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';

const csv = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

export const gatewayConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  APP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  AUTH_APP_ID: z.string().default('auth'),
  JWT_ISSUER: z.string().default('shop-auth'),
  JWT_AUDIENCE: z.string().default('shop'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  CORS_ORIGINS: csv.default(['http://localhost:3000', 'http://127.0.0.1:3000']),
  /** Redis for the rate-limit counters shared by every gateway replica. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// URL').default('redis://127.0.0.1:16379'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(100),
  LOGIN_FAILURES_ALLOWED: z.coerce.number().int().positive().default(20),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  /** Addresses of reverse proxies (ingress) whose X-Forwarded-For is believed; nobody's by default. */
  TRUSTED_PROXIES: csv.default([]),
  /** Apps whose readiness the gateway's /readyz includes. */
  READINESS_APPS: csv.default(['auth', 'catalog', 'order', 'inventory', 'payment', 'notification', 'cart', 'user', 'shipping', 'deadletters']),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
