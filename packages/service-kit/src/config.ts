import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Settings every service shares; a service extends this with its own keys. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SERVICE_NAME: z.string().min(1),
  APP_PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DAPR_HOST: z.string().default('127.0.0.1'),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3500),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Presented to this app's sidecar on every call (daprd runs with the same DAPR_API_TOKEN). */
  DAPR_API_TOKEN: z.string().min(16).optional(),
  /** What this app's sidecar presents when it calls the app (daprd runs with the same APP_API_TOKEN). */
  APP_API_TOKEN: z.string().min(16).optional(),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Parses the environment once at start-up. On failure it throws one readable message naming every bad variable,
 * so `make up` shows "DATABASE_URL: Invalid URL" instead of a stack trace from deep inside a driver.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
