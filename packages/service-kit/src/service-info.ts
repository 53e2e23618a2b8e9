import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The running service's version: `SERVICE_VERSION` when set, else the version in the package.json of the service
 * whose main script this process runs (`services/<name>/package.json`). Anything else (a test runner) is `0.0.0-dev`.
 */
export function serviceVersion(env: NodeJS.ProcessEnv = process.env, mainFile: string | undefined = require.main?.filename ?? process.argv[1]): string {
  if (env.SERVICE_VERSION) return env.SERVICE_VERSION;
  if (cached !== undefined) return cached;
  cached = '0.0.0-dev';
  let directory = mainFile ? path.dirname(mainFile) : undefined;
  while (directory) {
    const manifest = path.join(directory, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (name?.startsWith('@shop/') && version) cached = version;
      } catch {
        /* unreadable: keep the default */
      }
      break;
    }
    const parent = path.dirname(directory);
    directory = parent === directory ? undefined : parent;
  }
  return cached;
}
