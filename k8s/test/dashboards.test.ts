import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appMetricNames, daprdMetricNames, DAPR_SOURCE, PROMETHEUS_SERIES, REPO_ROOT } from '../../monitoring/test/exported-metrics';
import { metricNamesIn } from '../../monitoring/test/promql';

const DASHBOARDS = path.join(REPO_ROOT, 'k8s', 'monitoring', 'dashboards');

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

const dashboards = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as { uid: string; title: string; panels: Panel[]; templating?: { list: { name: string; query?: unknown }[] } } }));

/** Every panel's queries, rows' nested panels included, and the template variables' `label_values(metric, label)`. */
function queriesOf(dashboard: (typeof dashboards)[number]['dashboard']): { where: string; expr: string }[] {
  const flatten = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...flatten(panel.panels ?? [])]);
  const panelQueries = flatten(dashboard.panels).flatMap((panel) => (panel.targets ?? []).filter((t) => t.expr).map((t) => ({ where: panel.title, expr: t.expr! })));
  const variableQueries = (dashboard.templating?.list ?? []).flatMap((variable) => {
    const match = typeof variable.query === 'string' ? /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(variable.query) : null;
    return match ? [{ where: `variable $${variable.name}`, expr: match[1]! }] : [];
  });
  return [...panelQueries, ...variableQueries];
}

describe('Grafana dashboards', () => {
  it('when the dashboards folder is read, then the platform overview and the checkout funnel are there with unique uids', () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual(['shop-checkout-funnel', 'shop-platform-overview']);
    for (const { dashboard } of dashboards) expect(queriesOf(dashboard).length).toBeGreaterThan(5);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('when %s queries a metric, then some app or daprd exports it', async (_file, dashboard) => {
    const daprd = daprdMetricNames();
    if (!daprd) throw new Error(`the Dapr source is not in ${DAPR_SOURCE}; run bash scripts/install-dapr.sh`);
    const exported = new Set([...(await appMetricNames()), ...daprd, ...PROMETHEUS_SERIES]);

    const unknown = queriesOf(dashboard).flatMap(({ where, expr }) => metricNamesIn(expr).filter((name) => !exported.has(name)).map((name) => `${where}: ${name}`));

    expect(unknown).toEqual([]);
  });
});
