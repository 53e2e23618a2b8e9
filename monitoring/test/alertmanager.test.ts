import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ALERTMANAGER_INSTALL_HINT, ON_CALL_ADDRESS, renderAlertmanagerConfig } from '../../packages/local-platform/src/alertmanager';
import { ALERT_RULES } from '../../packages/local-platform/src/prometheus';
import { alertRuleQueries } from './queried-metrics';

function amtool(...args: string[]): string {
  try {
    return execFileSync('amtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`amtool is not installed; install it with: ${ALERTMANAGER_INSTALL_HINT}`);
    throw new Error(`amtool ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

const severities = () =>
  (YAML.parse(readFileSync(ALERT_RULES, 'utf8')) as { groups: { rules: { alert: string; labels: { severity: string } }[] }[] }).groups.flatMap((group) =>
    group.rules.map((rule) => ({ alert: rule.alert, severity: rule.labels.severity })),
  );

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

  it.each(severities().map(({ alert, severity }) => [alert, severity]))('when %s (%s) fires, then the route delivers it to on-call', (alert, severity) => {
    const receiver = amtool('config', 'routes', 'test', `--config.file=${configFile}`, `alertname=${alert}`, `severity=${severity}`).trim();

    expect(receiver).toBe('on-call');
  });

  it('when the alert rules are read, then every alert has a severity the routes know (page or ticket)', () => {
    expect(alertRuleQueries().length).toBe(severities().length);
    expect(new Set(severities().map((rule) => rule.severity))).toEqual(new Set(['page', 'ticket']));
  });
});
