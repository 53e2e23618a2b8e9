import pino, { type Logger } from 'pino';
import { currentContext } from './request-context';

export type { Logger };

/** JSON logs with the service name, and the correlation and trace ids of the request being served, on every line. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
    mixin() {
      const context = currentContext();
      return context ? { correlationId: context.correlationId, traceId: context.traceId } : {};
    },
  });
}
