import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCAL_ADMIN_PASSWORD = 'admin-local-password';

/**
 * The local profile's secret store file, generated once: the seeded admin's password and the RS256 key auth signs
 * access tokens with. Kept under the git-ignored runtime folder; missing keys are added, existing ones kept, so
 * tokens stay valid across restarts.
 */
export function ensureLocalSecrets(file: string, overrides: Record<string, string> = {}): Record<string, string> {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const secrets: Record<string, string> = { ...existing };
  secrets['admin-password'] ??= overrides['admin-password'] ?? process.env.ADMIN_PASSWORD ?? LOCAL_ADMIN_PASSWORD;
  secrets['jwt-signing-key'] ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
