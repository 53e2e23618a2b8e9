import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseObjects, REPO_ROOT, secretTemplates, systemTool } from './support/tools';

/**
 * Runs k8s-secrets.sh in apply mode against a stand-in for kubectl (no cluster here): `get` finds nothing, `apply`
 * keeps what it was given. Returns the Secrets the script would have created.
 */
function secretsAsApplied(): { metadata: { name: string }; data: Record<string, unknown> }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-secrets-'));
  try {
    const applied = path.join(dir, 'applied.yaml');
    writeFileSync(path.join(dir, 'kubectl'), `#!/bin/sh\ncase "$1" in get) exit 1 ;; apply) cat >> '${applied}' ;; esac\n`);
    chmodSync(path.join(dir, 'kubectl'), 0o755);
    const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/k8s-secrets.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    if (result.status !== 0) throw new Error(`k8s-secrets.sh exited ${result.status}: ${result.stderr}`);
    return parseObjects(readFileSync(applied, 'utf8')) as never;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCRIPTS = ['scripts/kind-up.sh', 'scripts/k8s-secrets.sh', 'scripts/install-k8s-tools.sh'];

describe('the cluster scripts', () => {
  it('when shellcheck reads them, then it finds nothing', () => {
    const shellcheck = systemTool('shellcheck');

    const result = spawnSync(shellcheck, ['--external-sources', '--source-path=SCRIPTDIR', ...SCRIPTS], { cwd: REPO_ROOT, encoding: 'utf8' });

    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('when the Secret templates are printed, then no value is a real one: every value is a placeholder or a fixed name', () => {
    const values = secretTemplates().flatMap((secret) => Object.values(secret.stringData as Record<string, string>));

    expect(values.filter((value) => !/<[^>]+>/.test(value) && !/^[a-z]+$/.test(value))).toEqual([]);
    expect(values.length).toBeGreaterThan(40);
  });

  it('when the Secrets are created, then every key holds a base64 string, an empty value included (never a null that drops the key)', () => {
    const secrets = secretsAsApplied();
    const values = secrets.flatMap((secret) => Object.entries(secret.data).map(([key, value]) => ({ where: `${secret.metadata.name}/${key}`, value })));

    expect(secrets.map((secret) => secret.metadata.name).sort()).toEqual(secretTemplates().map((secret) => (secret.metadata as { name: string }).name).sort());
    expect(values.filter(({ value }) => typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)).map(({ where }) => where)).toEqual([]);
    expect(values.some(({ value }) => value === '')).toBe(true);
  });

  it('when kind-up.sh is asked for help, then it runs without a cluster and names its modes', () => {
    const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/kind-up.sh'), '--help'], { encoding: 'utf8' });

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--cluster-only/);
  });
});
