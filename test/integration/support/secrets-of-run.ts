import { readFileSync } from 'node:fs';
import { DEFAULT_RUN_FILE, readRunFile } from '@shop/local-platform';

/**
 * The secrets this integration run knows by value, that no log line may hold: the local secret store's (admin
 * password, signing keys), the sidecars' API tokens, the services' database passwords, and any extra ones a test got.
 */
export function secretsOfRun(run: { secretsFile: string; apps: Record<string, { daprApiToken: string }> }, extra: { what: string; value: string }[] = []): { what: string; value: string }[] {
  const stored = JSON.parse(readFileSync(run.secretsFile, 'utf8')) as Record<string, string>;
  const databasePasswords = readRunFile(DEFAULT_RUN_FILE).apps.flatMap((app) => {
    const url = app.env.DATABASE_URL;
    return url ? [{ what: `${app.appID}'s database password`, value: decodeURIComponent(new URL(url).password) }] : [];
  });
  return [
    // Retired signing keys are kept as their public halves, published anyway: not secrets.
    ...Object.entries(stored).filter(([name]) => name !== 'jwt-previous-keys').map(([name, value]) => ({ what: `the secret store's ${name}`, value })),
    ...Object.entries(run.apps).map(([appId, app]) => ({ what: `${appId}'s sidecar API token`, value: app.daprApiToken })),
    ...databasePasswords,
    ...extra,
  ];
}
