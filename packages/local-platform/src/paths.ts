import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = (() => {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'scripts', 'versions.env'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`scripts/versions.env not found above ${__dirname}`);
    directory = parent;
  }
  return directory;
})();

/** The pinned versions of scripts/versions.env, the one place they are written down. */
export const versions: Record<string, string> = Object.fromEntries(
  readFileSync(path.join(repoRoot, 'scripts', 'versions.env'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1]!, match[2]!]),
);

export const cacheRoot = process.env.SHOP_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dapr-shop');
/** The runtime as built by scripts/install-dapr.sh: the pinned version with the project's patches (scripts/patches/). */
export const daprBinDir = path.join(cacheRoot, 'dapr', versions.DAPR_RUNTIME_BUILD ?? versions.DAPR_RUNTIME_VERSION ?? 'unknown', 'bin');
export const daprBinary = (name: 'daprd' | 'placement' | 'scheduler' | 'sentry' | 'dapr') => path.join(daprBinDir, name);
export const postgresBinDir = `/usr/lib/postgresql/${versions.POSTGRES_MAJOR ?? '15'}/bin`;
export const defaultRuntimeDir = process.env.SHOP_RUNTIME_DIR ?? path.join(repoRoot, '.runtime');
