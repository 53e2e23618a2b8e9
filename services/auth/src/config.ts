import { baseConfigSchema } from '@shop/service-kit';
import { z } from 'zod';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from './domain/access-token';

const DAY_SECONDS = 24 * 60 * 60;
export const MAX_KEY_SET_REFRESH_SECONDS = 300;
/** The gateway refetches auth's JWKS for an unknown kid at most this often (its JWKS_COOLDOWN_MS). */
export const VERIFIER_REFETCH_COOLDOWN_SECONDS = 30;
export const MAX_KEY_ACTIVATION_DELAY_SECONDS = 400;

/** Deployments often pass an unset secret as an empty variable; treat that as "not given" so the secret store is asked. */
const optionalSecret = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const authConfigSchema = baseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('auth'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(MAX_ACCESS_TOKEN_TTL_SECONDS, `must be at most ${MAX_ACCESS_TOKEN_TTL_SECONDS} seconds (access tokens cannot be revoked)`)
    .default(MAX_ACCESS_TOKEN_TTL_SECONDS),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(365 * DAY_SECONDS).default(30 * DAY_SECONDS),
  /**
   * PKCS#8 PEM, a fixed single key (component tests); when absent, the key set is read from the secret store
   * (`jwt-signing-key` and the optional `jwt-previous-keys`) and re-read every KEY_SET_REFRESH_SECONDS.
   */
  JWT_PRIVATE_KEY_PEM: optionalSecret(z.string().includes('PRIVATE KEY', { error: 'must be a PEM private key' })),
  /**
   * How often the key set is re-read from the secret store: a rotation takes effect within this time, with no restart.
   * Bounded (as is the activation delay) because the rotation's overlap adds up these bounds and the token lifetime.
   */
  KEY_SET_REFRESH_SECONDS: z.coerce.number().int().min(1).max(MAX_KEY_SET_REFRESH_SECONDS).default(60),
  /**
   * How long a new current key is published before it signs. By default one refresh interval (every replica publishes
   * it) plus the verifiers' refetch cooldown (a gateway that fetched just before may fetch again) plus 5 s.
   */
  KEY_ACTIVATION_DELAY_SECONDS: z.coerce.number().int().min(0).max(MAX_KEY_ACTIVATION_DELAY_SECONDS).optional(),
  ADMIN_EMAIL: z.email().default('admin@shop.local'),
  /** When absent, read from the secret store as `admin-password`. */
  ADMIN_PASSWORD: optionalSecret(z.string().min(8).max(128)),
  OUTBOX_RELAY_ENABLED: z.stringbool().default(true),
  /** How long start() waits for the sidecar and the secret store. */
  SECRETS_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;

export function keyActivationDelaySeconds(config: AuthConfig): number {
  return config.KEY_ACTIVATION_DELAY_SECONDS ?? config.KEY_SET_REFRESH_SECONDS + VERIFIER_REFETCH_COOLDOWN_SECONDS + 5;
}
