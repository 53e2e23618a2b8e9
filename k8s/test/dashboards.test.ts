import { appMetricNames, daprdMetricNames, DAPR_SOURCE, PROMETHEUS_SERIES } from '../../monitoring/test/exported-metrics';
import { dashboardQueries, readDashboards, unexportedMetrics } from '../../monitoring/test/queried-metrics';

const dashboards = readDashboards();

describe('Grafana dashboards', () => {
  it('when the dashboards folder is read, then the platform overview and the checkout funnel are there with unique uids', () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual(['shop-checkout-funnel', 'shop-platform-overview']);
    for (const { dashboard } of dashboards) expect(dashboardQueries(dashboard).length).toBeGreaterThan(5);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('when %s queries a metric, then some app or daprd exports it', async (_file, dashboard) => {
    const daprd = daprdMetricNames();
    if (!daprd) throw new Error(`the Dapr source is not in ${DAPR_SOURCE}; run bash scripts/install-dapr.sh`);
    const exported = new Set([...(await appMetricNames()), ...daprd, ...PROMETHEUS_SERIES]);

    const unknown = unexportedMetrics(dashboardQueries(dashboard), exported);

    expect(unknown).toEqual([]);
  });
});
