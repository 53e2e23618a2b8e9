import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, secretTemplates, systemTool } from './support/tools';

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

  it('when kind-up.sh is asked for help, then it runs without a cluster and names its modes', () => {
    const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/kind-up.sh'), '--help'], { encoding: 'utf8' });

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--cluster-only/);
  });
});
