import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kustomizeBuild, parseObjects, readYamlFile, systemTool } from './support/tools';
import { mountedConfigFile } from './support/mounted-config';

// amtool comes with Alertmanager in the Debian package that the local platform installs too.
const AMTOOL_HINT = 'run `bash scripts/install-prometheus.sh` (it installs the Debian package prometheus-alertmanager, which ships amtool)';

function amtool(...args: string[]): string {
  try {
    return execFileSync(systemTool('amtool', AMTOOL_HINT), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; status?: number };
    if (failure.status === undefined) throw error;
    throw new Error(`amtool ${args.join(' ')} exited ${failure.status}:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

/** Every alert of monitoring/alerts.yml with its labels, as amtool takes them (`name=value`). */
function alertsToRoute(): { alert: string; labels: string[] }[] {
  const groups: { rules: { alert?: string; labels?: Record<string, string> }[] }[] = readYamlFile('monitoring/alerts.yml').groups;
  return groups
    .flatMap((group) => group.rules)
    .filter((rule) => rule.alert)
    .map((rule) => ({
      alert: rule.alert!,
      labels: Object.entries({ alertname: rule.alert!, ...rule.labels }).map(([name, value]) => `${name}=${value}`),
    }));
}

describe("the kind overlay's Alertmanager configuration", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alertmanager-'));
  // The file as the pod reads it: from the ConfigMap that kustomize generated and the Deployment mounts.
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, mountedConfigFile(parseObjects(kustomizeBuild('k8s/overlays/kind')), 'alertmanager'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when amtool checks it, then it is valid and has one receiver', () => {
    const output = amtool('check-config', configFile);

    expect(output).toMatch(/SUCCESS/);
    expect(output).toMatch(/1 receivers/);
  });

  it.each(alertsToRoute())('when $alert is routed, then it goes to on-call', ({ labels }) => {
    const receivers = amtool('config', 'routes', 'test', `--config.file=${configFile}`, ...labels);

    expect(receivers.trim()).toBe('on-call');
  });
});
