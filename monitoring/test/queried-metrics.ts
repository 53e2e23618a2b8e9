import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ALERT_RULES } from '../../packages/local-platform/src/prometheus';
import { REPO_ROOT } from './exported-metrics';
import { metricNamesIn } from './promql';

export const DASHBOARDS_DIR = path.join(REPO_ROOT, 'k8s', 'monitoring', 'dashboards');

export interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; query?: unknown }[] };
}

/** A PromQL expression and where it lives (a panel's title, a template variable, an alert's name). */
export interface Query {
  where: string;
  expr: string;
}

export function readDashboards(): { file: string; dashboard: Dashboard }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard }));
}

/** Grafana's `label_values(selector, label)`: the values of `label` among the series `selector` finds. */
const LABEL_VALUES = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)/;

/**
 * Every panel's queries, rows' nested panels included, and the template variables' `label_values(selector, label)`
 * as the PromQL that asks the same (`group by (label) (selector)`), so that their label is read like any other.
 */
export function dashboardQueries(dashboard: Dashboard): Query[] {
  const flatten = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...flatten(panel.panels ?? [])]);
  const panelQueries = flatten(dashboard.panels).flatMap((panel) => (panel.targets ?? []).filter((t) => t.expr).map((t) => ({ where: panel.title, expr: t.expr! })));
  const variableQueries = (dashboard.templating?.list ?? []).flatMap((variable) => {
    const match = typeof variable.query === 'string' ? LABEL_VALUES.exec(variable.query) : null;
    return match ? [{ where: `variable $${variable.name}`, expr: `group by (${match[2]}) (${match[1]})` }] : [];
  });
  return [...panelQueries, ...variableQueries];
}

export interface AlertRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
}

/** Every alerting rule of monitoring/alerts.yml. */
export function alertRules(): AlertRule[] {
  const rules = YAML.parse(readFileSync(ALERT_RULES, 'utf8')) as { groups: { rules: Partial<AlertRule>[] }[] };
  return rules.groups.flatMap((group) => group.rules.filter((rule) => rule.alert).map((rule) => ({ alert: rule.alert!, expr: rule.expr!, labels: rule.labels ?? {} })));
}

/** An alert as `amtool config routes test` takes it: `alertname=…` and the rule's labels, as `name=value`. */
export const routingLabels = (rule: AlertRule): string[] => Object.entries({ alertname: rule.alert, ...rule.labels }).map(([name, value]) => `${name}=${value}`);

/** Every alert rule's expression, named by its alert. */
export function alertRuleQueries(): Query[] {
  return alertRules().map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }));
}

/** "where: metric" for each metric a query reads that `exported` lacks. */
export function unexportedMetrics(queries: Query[], exported: Set<string>): string[] {
  return queries.flatMap(({ where, expr }) => metricNamesIn(expr).filter((name) => !exported.has(name)).map((name) => `${where}: ${name}`));
}

/** What the dashboards and the alert rules query, all of it. */
export function everyMonitoringQuery(): Query[] {
  return [...readDashboards().flatMap(({ file, dashboard }) => dashboardQueries(dashboard).map((query) => ({ ...query, where: `${file} ${query.where}` }))), ...alertRuleQueries()];
}
