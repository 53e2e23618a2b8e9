import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from '@shop/local-platform';
import { describeLeaks, scanLogsForSecrets } from '../../support/log-scan';
import type { IntegrationPlatform } from '../support/platform';
import { secretsOfRun } from '../support/secrets-of-run';

export default async function globalTeardown(): Promise<void> {
  (globalThis as { __chaosControl?: Server }).__chaosControl?.close();
  const platform = (globalThis as { __integrationPlatform?: Platform }).__integrationPlatform;
  if (!platform) return;
  await platform.stop();
  // No log line of the whole suite may hold a secret: scanned once everything (the sidecars' last lines too) is written.
  const run = JSON.parse(process.env.INTEGRATION_PLATFORM ?? '{}') as IntegrationPlatform;
  const logDir = path.join(platform.state.runtimeDir, 'logs');
  const leaks = run.secretsFile ? scanLogsForSecrets(logDir, secretsOfRun(run)) : [];
  if (leaks.length) throw new Error(`secrets in the integration run's logs (kept in ${logDir}):\n${describeLeaks(leaks)}`);
  // Keep the logs of a failed run for the reader; a green run leaves nothing behind.
  if (process.env.KEEP_INTEGRATION_RUNTIME !== '1') rmSync(platform.state.runtimeDir, { recursive: true, force: true });
}
