import type { DaprSidecar } from '@shop/service-kit';
import { PREVIOUS_KEYS_SECRET, SIGNING_KEY_SECRET, type KeySetSecrets } from '../crypto/signing-key-set';

/**
 * Reads the key set's secrets. The current key is read first: a rotation moves the current key into the previous
 * keys, so a read that straddles a rotation sees (old current, new previous), which still holds every key, and never
 * (new current, old previous), which would lack the key that signed the tokens in flight.
 */
export async function readKeySetSecrets(sidecar: DaprSidecar): Promise<KeySetSecrets> {
  const currentPem = await sidecar.getSecret(SIGNING_KEY_SECRET);
  const previousKeys = await readOptionalSecret(sidecar, PREVIOUS_KEYS_SECRET);
  return previousKeys === undefined ? { currentPem } : { currentPem, previousKeys };
}

/** A secret that may be absent (setups from before key sets have no `jwt-previous-keys`); any other failure throws. */
async function readOptionalSecret(sidecar: DaprSidecar, key: string): Promise<string | undefined> {
  try {
    return await sidecar.getSecret(key);
  } catch (error) {
    if (isMissingSecret(error)) return undefined;
    throw error;
  }
}

/**
 * Dapr answers a missing secret and a failing store alike (500, ERR_SECRET_GET); only the store's message tells them
 * apart: "secret <key> not found" (local file), `secrets "<key>" not found` (Kubernetes).
 */
function isMissingSecret(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('ERR_SECRET_GET') && /\bnot found\b/.test(message);
}
