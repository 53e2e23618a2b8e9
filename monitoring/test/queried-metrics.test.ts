import { dashboardQueries, type Dashboard } from './queried-metrics';

describe('the queries of a dashboard', () => {
  it('when a template variable lists label values, then its query groups its selector by that label', () => {
    const dashboard: Dashboard = {
      uid: 'u',
      title: 't',
      panels: [{ title: 'row', panels: [{ title: 'Requests', targets: [{ expr: 'sum(up)' }] }] }],
      templating: { list: [{ name: 'app', query: 'label_values(http_requests_total{job="apps"}, app)' }, { name: 'datasource', query: 'prometheus' }] },
    };

    const queries = dashboardQueries(dashboard);

    expect(queries).toEqual([
      { where: 'Requests', expr: 'sum(up)' },
      { where: 'variable $app', expr: 'group by (app) (http_requests_total{job="apps"})' },
    ]);
  });
});
