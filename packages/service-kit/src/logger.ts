import pino, { type Logger } from 'pino';
import { currentContext } from './request-context';
import { serviceVersion } from './service-info';
import { currentTraceIds } from './trace-context';

export type { Logger };

/** Field names whose values are secrets wherever they appear in a logged object (up to three levels deep). */
export const SECRET_FIELDS = [
  'password', 'currentPassword', 'newPassword', 'passwordHash', 'adminPassword',
  'token', 'accessToken', 'refreshToken', 'idToken', 'paymentToken', 'payment_token', 'apiToken', 'apiKey', 'api_key',
  'secret', 'clientSecret', 'privateKey', 'private_key', 'privateJwk', 'signingKey',
  'authorization', 'cookie', 'set-cookie', 'dapr-api-token', 'x-api-key',
  'cardNumber', 'card_number', 'cvc', 'cvv', 'pan',
] as const;

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`);

/** pino redact paths for SECRET_FIELDS at the top level and one or two objects down (`err.config.password`). */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((name) => [key(name).replace(/^\./, ''), `*${key(name)}`, `*.*${key(name)}`]);

export const REDACTED = '[redacted]';

/**
 * Secrets inside free text (an error message quoting a header, a connection string): bearer tokens, JWTs, PEM
 * private keys, URL credentials and the payment processor's tokens.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted jwt]'],
  [/\b(tok_[A-Za-z0-9_]+)/g, '[redacted payment token]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, `$1${REDACTED}@`],
];

/** `text` with every secret pattern replaced. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/** pino's error serializer, with message and stack scrubbed. */
function errorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  for (const field of ['message', 'stack']) {
    if (typeof serialized[field] === 'string') serialized[field] = scrubSecrets(serialized[field] as string);
  }
  return serialized;
}

/**
 * One root logger per process writing JSON to stdout; each service (or test instance) gets a child with its own name
 * and level. Children share the root's stream instead of each opening one on stdout. Every line carries the service
 * name and version, and inside a request or a traced task its correlation id, trace id and span id.
 */
export function rootLoggerOptions(): pino.LoggerOptions {
  return {
    level: 'trace',
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: errorSerializer, error: errorSerializer },
    hooks: {
      // Free-text messages are scrubbed too (the interpolated arguments of `log.info('... %s', value)` included).
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<typeof method>;
        return method.apply(this, scrubbed);
      },
    },
    mixin() {
      const context = currentContext();
      const ids = currentTraceIds();
      return {
        ...(context ? { correlationId: context.correlationId } : {}),
        ...(ids ? { traceId: ids.traceId, spanId: ids.spanId } : {}),
      };
    },
  };
}

const root = pino(rootLoggerOptions());

/** JSON logs with the service name and version, and the correlation, trace and span ids of the work being done. */
export function createLogger(service: string, level = 'info'): Logger {
  return root.child({ name: service, service, version: serviceVersion() }, { level });
}
