import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startComponentInfrastructure } from '@shop/local-platform';

/**
 * Real Postgres (one database per service), Redis and one daprd on free ports, in a throw-away folder. Tests read
 * the addresses from the environment: COMPONENT_DATABASE_URL_<SERVICE> and COMPONENT_DAPR_HTTP_PORT.
 */
export default async function globalSetup(): Promise<void> {
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-component-'));
  const infrastructure = await startComponentInfrastructure(runtimeDir);
  Object.assign(process.env, infrastructure.env);
  (globalThis as { __componentInfrastructure?: unknown }).__componentInfrastructure = infrastructure;
}
