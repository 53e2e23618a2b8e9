import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { amtool } from '../../monitoring/test/prometheus-tools';
import { alertRules, routingLabels } from '../../monitoring/test/queried-metrics';
import { kustomizeBuild, parseObjects } from './support/tools';
import { mountedConfigFile } from './support/mounted-config';

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

  it.each(alertRules())('when $alert is routed, then it goes to on-call', (rule) => {
    const receivers = amtool('config', 'routes', 'test', `--config.file=${configFile}`, ...routingLabels(rule));

    expect(receivers.trim()).toBe('on-call');
  });
});
