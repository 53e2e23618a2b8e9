import pino, { type Logger } from 'pino';
import { currentContext } from './request-context';

export type { Logger };

/**
 * One root logger per process writing JSON to stdout; each service (or test instance) gets a child with its own name
 * and level. Children share the root's stream instead of each opening one on stdout.
 */
const root = pino({
  level: 'trace',
  timestamp: pino.stdTimeFunctions.isoTime,
  base: { pid: process.pid },
  redact: {
    paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'authorization', '*.authorization', 'headers.authorization'],
    censor: '[redacted]',
  },
  mixin() {
    const context = currentContext();
    return context ? { correlationId: context.correlationId, traceId: context.traceId } : {};
  },
});

/** JSON logs with the service name, and the correlation and trace ids of the request being served, on every line. */
export function createLogger(service: string, level = 'info'): Logger {
  return root.child({ name: service, service }, { level });
}
