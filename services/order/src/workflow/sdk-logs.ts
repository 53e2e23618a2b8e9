import { Logger as DaprLogger } from '@dapr/dapr/logger/Logger';
import type { Logger } from '@shop/service-kit';

let routed = false;

/**
 * The Dapr SDK's workflow worker creates its loggers without options, so they print every history event at info level
 * to the console. Its lines are sent to the service's logger instead: info and debug become debug, warnings and
 * errors stay what they are.
 */
export function routeSdkLogs(log: Logger): void {
  if (routed) return;
  routed = true;
  const sdk = log.child({ source: 'dapr-sdk' });
  const prototype = DaprLogger.prototype as unknown as Record<string, (message: string, ...rest: unknown[]) => void>;
  prototype.info = prototype.debug = prototype.verbose = (message: string) => sdk.debug(message);
  prototype.warn = (message: string, ...rest: unknown[]) => sdk.warn({ details: rest.map(String) }, message);
  prototype.error = (message: string, ...rest: unknown[]) => sdk.error({ details: rest.map(String) }, message);
}
