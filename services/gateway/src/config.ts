import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';
import { parseProxyEntry, TrustedProxies, type ProxyRange } from './domain/trusted-proxies';

const csv = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** Comma-separated addresses and CIDR ranges; start-up fails naming every entry that is neither. */
const trustedProxyList = csv.transform((entries, ctx) => {
  const ranges: ProxyRange[] = [];
  for (const parsed of entries.map(parseProxyEntry)) {
    if (parsed.ok) ranges.push(parsed.range);
    else ctx.addIssue({ code: 'custom', message: parsed.problem });
  }
  return new TrustedProxies(ranges);
});

export const gatewayConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  APP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /**
   * The operations port: /metrics and the full /readyz report, for the scraper and probes only (the public port
   * answers /readyz with a bare verdict and has no /metrics). Loopback by default; the pod's address on Kubernetes.
   */
  OPS_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  OPS_HOST: z.string().default('127.0.0.1'),
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
  /**
   * Reverse proxies (ingress) whose X-Forwarded-For is believed, as addresses and CIDR ranges (`10.244.0.0/16, fd00::/8,
   * 127.0.0.1`); nobody's by default.
   */
  TRUSTED_PROXIES: z.string().default('').pipe(trustedProxyList),
  /** Apps whose readiness the gateway's /readyz includes. */
  READINESS_APPS: csv.default(['auth', 'catalog', 'order', 'inventory', 'payment', 'notification', 'cart', 'user', 'shipping', 'deadletters']),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
