import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ALERT_RULES, renderPrometheusConfig } from '../../packages/local-platform/src/prometheus';
import { appMetricNames, daprdMetricNames, DAPR_SOURCE, PROMETHEUS_SERIES } from './exported-metrics';
import { alertRuleQueries, alertRules, unexportedMetrics } from './queried-metrics';
import { promtool } from './prometheus-tools';

describe('the Prometheus configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'prometheus-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when rendered for a run with its ports, then promtool accepts the config and the rule file it loads, and alerts go to that run\'s Alertmanager', () => {
    const { configFile } = renderPrometheusConfig(
      dir,
      '127.0.0.1:29090',
      { apps: [{ appID: 'order', port: 23103 }], daprd: [{ appID: 'order', port: 29193 }], controlPlane: [{ component: 'sentry', port: 26042 }] },
      '127.0.0.1:29093',
    );

    const output = promtool('check', 'config', configFile);

    expect(output).toContain('SUCCESS');
    expect(output).toContain(ALERT_RULES);
    const targets = JSON.parse(readFileSync(path.join(dir, 'targets', 'apps.json'), 'utf8'));
    expect(targets).toEqual([{ targets: ['127.0.0.1:23103'], labels: { app: 'order' } }]);
    expect(YAML.parse(readFileSync(configFile, 'utf8')).alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:29093'] }] }] });
  });

  it('when a run has no Alertmanager, then promtool still accepts the config, with no alert target', () => {
    const { configFile } = renderPrometheusConfig(path.join(dir, 'without'), '127.0.0.1:29090', { apps: [], daprd: [], controlPlane: [] });

    expect(promtool('check', 'config', configFile)).toContain('SUCCESS');
    expect(YAML.parse(readFileSync(configFile, 'utf8')).alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: [] }] }] });
  });

  it('when the alert rules are checked, then promtool finds every rule valid', () => {
    expect(promtool('check', 'rules', ALERT_RULES)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('when the rules are fed the series of monitoring/test/alerts.rules-test.yml, then each alert fires when, and only when, it should', () => {
    const output = promtool('test', 'rules', path.join(__dirname, 'alerts.rules-test.yml'));

    expect(output).toContain('SUCCESS');
  });

  it('when the rule tests are read, then every alert has a case that fires it', () => {
    const cases = YAML.parse(readFileSync(path.join(__dirname, 'alerts.rules-test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
    const fired = new Set(cases.tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)));

    expect([...fired].sort()).toEqual(alertRules().map((rule) => rule.alert).sort());
  });

  it('when the alert rules are read, then the six alerts the platform promises are there', () => {
    const alerts = alertRules().map((rule) => rule.alert).sort();

    expect(alerts).toEqual(['CircuitBreakerOpen', 'DeadLettersArriving', 'HighErrorRate', 'HighP99Latency', 'OrdersStuckPending', 'OutboxNotDraining']);
  });

  it('when an alert reads a metric, then some app or daprd exports it', async () => {
    const daprd = daprdMetricNames();
    if (!daprd) throw new Error(`the Dapr source is not in ${DAPR_SOURCE}; run bash scripts/install-dapr.sh`);
    const exported = new Set([...(await appMetricNames()), ...daprd, ...PROMETHEUS_SERIES]);

    const unknown = unexportedMetrics(alertRuleQueries(), exported);

    expect(unknown).toEqual([]);
  });
});
