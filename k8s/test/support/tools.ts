import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

/**
 * The offline tools of scripts/install-k8s-tools.sh and what they work on. A missing tool fails the test that needs it
 * with the command that installs it: nothing is skipped.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const INSTALL_HINT = 'run `bash scripts/install-k8s-tools.sh` (part of `make install`)';

export function versions(): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const line of readFileSync(path.join(REPO_ROOT, 'scripts/versions.env'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) pinned[match[1]!] = match[2]!;
  }
  return pinned;
}

/** scripts/lib/common.sh's CACHE_ROOT. */
export function cacheRoot(): string {
  return process.env.SHOP_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'dapr-shop');
}

export const toolsBin = (): string => path.join(cacheRoot(), 'k8s-tools', 'bin');

export function tool(name: 'kustomize' | 'kubeconform' | 'tilt' | 'promtool'): string {
  const file = path.join(toolsBin(), name);
  if (!existsSync(file)) throw new Error(`${name} is not installed at ${file}: ${INSTALL_HINT}`);
  return file;
}

export function systemTool(name: string, installHint = INSTALL_HINT): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`${name} is not on PATH: ${installHint}`);
}

export function schemaDirs(): { kubernetes: string; dapr: string } {
  const pinned = versions();
  const root = path.join(cacheRoot(), 'k8s-tools', 'schemas');
  const dirs = {
    kubernetes: path.join(root, 'kubernetes', `v${pinned.KUBERNETES_VERSION}-standalone-strict`),
    dapr: path.join(root, 'dapr', pinned.DAPR_RUNTIME_VERSION!),
  };
  for (const dir of Object.values(dirs)) {
    if (!existsSync(dir)) throw new Error(`the JSON schemas are not generated at ${dir}: ${INSTALL_HINT}`);
  }
  return dirs;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

export function parseObjects(text: string): K8sObject[] {
  return YAML.parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

const builds = new Map<string, string>();

/** `kustomize build` of a folder under the repository, as text (memoised: several tests read the same overlay). */
export function kustomizeBuild(relativeDir: string): string {
  let out = builds.get(relativeDir);
  if (out === undefined) {
    out = execFileSync(tool('kustomize'), ['build', path.join(REPO_ROOT, relativeDir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    builds.set(relativeDir, out);
  }
  return out;
}

export const OVERLAYS = ['k8s/overlays/kind', 'k8s/overlays/local', 'k8s/overlays/prod'];
/** The overlays of development clusters: the same platform (k8s/overlays/dev-cluster) on kind and on the project's own. */
export const DEV_OVERLAYS = ['k8s/overlays/kind', 'k8s/overlays/local'];

/** The profile Components of k8s/components/ (kustomize `kind: Component`), one per broker or store. */
export function profileComponents(): string[] {
  return readdirSync(path.join(REPO_ROOT, 'k8s/components')).sort();
}

/** `kustomize build` of the base with the given profile Components, from a kustomization in a temporary folder. */
export function buildBaseWith(components: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-profile-'));
  // kustomize wants relative paths, and leaves its own folder only without its load restrictor.
  const from = (relative: string): string => path.relative(dir, path.join(REPO_ROOT, relative));
  writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    YAML.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [from('k8s/base')],
      components: components.map((name) => from(`k8s/components/${name}`)),
    }),
  );
  try {
    return execFileSync(tool('kustomize'), ['build', '--load-restrictor', 'LoadRestrictionsNone', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dapr.yaml's apps: app id, app port, whether it has a database. */
export function runFileApps(): { appID: string; appPort: number; env?: Record<string, string> }[] {
  return YAML.parse(readFileSync(path.join(REPO_ROOT, 'dapr.yaml'), 'utf8')).apps;
}

/** The Secrets scripts/k8s-secrets.sh creates, from its --template output. */
export function secretTemplates(): K8sObject[] {
  const text = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/k8s-secrets.sh'), '--template'], { encoding: 'utf8' });
  return parseObjects(text);
}

export function readYamlFile(relative: string): any {
  return YAML.parse(readFileSync(path.join(REPO_ROOT, relative), 'utf8'));
}

/**
 * The values scripts/k8s-secrets.sh gives the Secrets on kind (random passwords, the in-cluster infrastructure's
 * addresses), by Secret name and key: the script runs as it does on a cluster, against a kubectl stand-in that has no
 * Secret yet and keeps what the script applies.
 */
export function generatedSecrets(): Map<string, Record<string, string>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-secrets-'));
  const applied = path.join(dir, 'applied.yaml');
  writeFileSync(path.join(dir, 'kubectl'), `#!/bin/sh\ncase "$1" in\n  get) exit 1 ;;\n  apply) cat >>'${applied}' ;;\n  *) exit 2 ;;\nesac\n`, { mode: 0o755 });
  try {
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts/k8s-secrets.sh'), '--namespace', 'default'], {
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // An empty value is written as nothing after the key, which YAML reads as null.
    const decoded = (data: Record<string, string | null>): Record<string, string> =>
      Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value ?? '', 'base64').toString('utf8')]));
    return new Map(parseObjects(readFileSync(applied, 'utf8')).map((secret) => [secret.metadata.name, decoded(secret.data)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
