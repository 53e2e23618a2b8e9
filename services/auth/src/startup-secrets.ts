import { setTimeout as sleep } from 'node:timers/promises';
import type { DaprSidecar, Logger } from '@shop/service-kit';
import type { AuthConfig } from './config';
import type { KeySetSecrets } from './crypto/signing-key-set';
import { readKeySetSecrets } from './data/secret-store-keys';

export interface StartupSecrets {
  signingKeys: KeySetSecrets;
  /** Whether the keys came from the secret store, and so are re-read there while the service runs. */
  signingKeysFromStore: boolean;
  adminPassword: string;
}

const RETRY_DELAY_MS = 500;

/** Configuration wins (component tests pass the secrets directly); the rest comes from the platform's secret store. */
export async function loadStartupSecrets(config: AuthConfig, sidecar: DaprSidecar | undefined, log: Logger): Promise<StartupSecrets> {
  if (config.JWT_PRIVATE_KEY_PEM && config.ADMIN_PASSWORD) {
    return { signingKeys: { currentPem: config.JWT_PRIVATE_KEY_PEM }, signingKeysFromStore: false, adminPassword: config.ADMIN_PASSWORD };
  }
  if (!sidecar) throw new Error('secrets are not configured and there is no sidecar to read them from');
  const deadline = Date.now() + config.SECRETS_TIMEOUT_MS;
  // Outbound readiness, not full readiness: the latter waits for this service to listen, which it does after this.
  await sidecar.waitForOutbound(config.SECRETS_TIMEOUT_MS);
  return {
    signingKeys: config.JWT_PRIVATE_KEY_PEM
      ? { currentPem: config.JWT_PRIVATE_KEY_PEM }
      : await retryUntil(deadline, 'the signing key secrets', () => readKeySetSecrets(sidecar), log),
    signingKeysFromStore: !config.JWT_PRIVATE_KEY_PEM,
    adminPassword: config.ADMIN_PASSWORD ?? (await retryUntil(deadline, 'secret admin-password', () => sidecar.getSecret('admin-password'), log)),
  };
}

async function retryUntil<T>(deadline: number, what: string, attempt: () => Promise<T>, log: Logger): Promise<T> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + RETRY_DELAY_MS > deadline) throw new Error(`${what} not available after ${attempts} attempts: ${reason}`);
      log.debug({ what, attempts, reason }, 'waiting for the sidecar');
      await sleep(RETRY_DELAY_MS);
    }
  }
}
