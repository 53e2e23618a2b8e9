import type { z } from 'zod';
import { loadConfig, type BaseConfig } from './config';
import { createLogger, type Logger } from './logger';
import { shutdownTelemetry } from './trace-context';

export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a service and stops it once on SIGTERM/SIGINT. A failed start exits 1 with its reason on stderr (readable,
 * not a stack trace, for configuration errors); a stop that hangs past the grace period exits anyway.
 */
export function runService(service: Service, log: Logger, graceMs: number): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long, exiting');
      process.exit(1);
    }, graceMs + 5_000);
    force.unref();
    try {
      await service.stop();
      // The last spans (the shutdown's own included) go out before the process ends.
      await shutdownTelemetry();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  service.start().catch((error: unknown) => {
    log.fatal({ err: error }, 'start failed');
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

/**
 * A service's process entry: parse the environment (a bad variable exits 1 with a readable list, before anything
 * starts), build the service, run it until a signal.
 */
export function runFromEnvironment<C extends BaseConfig>(schema: z.ZodType<C>, create: (config: C) => Service): void {
  let config: C;
  try {
    config = loadConfig(schema);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  runService(create(config), createLogger(config.SERVICE_NAME, config.LOG_LEVEL), config.SHUTDOWN_GRACE_MS);
}
