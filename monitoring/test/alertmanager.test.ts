import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ON_CALL_ADDRESS, renderAlertmanagerConfig } from '../../packages/local-platform/src/alertmanager';
import { alertRules, routingLabels } from './queried-metrics';
import { amtool } from './prometheus-tools';

describe('the Alertmanager configuration', () => {
  let dir: string;
  let configFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'alertmanager-config-'));
    configFile = renderAlertmanagerConfig(dir, 22525);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when rendered for a run, then amtool accepts it and it emails on-call through that run\'s SMTP sink', () => {
    const output = amtool('check-config', configFile);

    expect(output).toContain('SUCCESS');
    expect(output).toContain('1 receivers');
    expect(readFileSync(configFile, 'utf8')).toContain("smtp_smarthost: '127.0.0.1:22525'");
    expect(readFileSync(configFile, 'utf8')).toContain(`to: '${ON_CALL_ADDRESS}'`);
  });

  it.each(alertRules())('when $alert fires, then the route delivers it to on-call', (rule) => {
    const receiver = amtool('config', 'routes', 'test', `--config.file=${configFile}`, ...routingLabels(rule)).trim();

    expect(receiver).toBe('on-call');
  });

  it('when the alert rules are read, then every alert has a severity the routes know (page or ticket)', () => {
    expect(new Set(alertRules().map((rule) => rule.labels.severity))).toEqual(new Set(['page', 'ticket']));
  });
});
