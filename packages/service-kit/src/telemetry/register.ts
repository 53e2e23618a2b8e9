/**
 * `import '@shop/service-kit/telemetry'` as the FIRST line of a service's main: starts OpenTelemetry before Koa, pg,
 * ioredis or node:http are loaded, so their instrumentations can patch them. Configured by OTEL_* variables (see
 * ./config.ts); without an exporter endpoint it does nothing. A bad variable stops the service with a readable list.
 */
import { ConfigError } from '../config';
import { startTelemetry } from './start';

try {
  startTelemetry();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
