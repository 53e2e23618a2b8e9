import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import type { Platform } from '@shop/local-platform';

export default async function globalTeardown(): Promise<void> {
  (globalThis as { __chaosControl?: Server }).__chaosControl?.close();
  const platform = (globalThis as { __integrationPlatform?: Platform }).__integrationPlatform;
  if (!platform) return;
  await platform.stop();
  // Keep the logs of a failed run for the reader; a green run leaves nothing behind.
  if (process.env.KEEP_INTEGRATION_RUNTIME !== '1') rmSync(platform.state.runtimeDir, { recursive: true, force: true });
}
