import { labelMatchersIn, labelNamesIn, metricNamesIn } from './promql';

describe('reading metric names out of PromQL', () => {
  it('when an expression aggregates, groups and filters, then only the metric names remain', () => {
    const expression = 'histogram_quantile(0.99, sum by (app, le) (rate(http_request_duration_seconds_bucket{job="apps", route!~"/metrics|x"}[5m]))) > 2';

    expect(metricNamesIn(expression)).toEqual(['http_request_duration_seconds_bucket']);
  });

  it('when two metrics are divided with label matchers that hold names, then both are found and no label value is', () => {
    const expression = 'sum(rate(shop_payment_attempts_total{outcome="captured"}[15m])) / sum without (instance) (rate(shop_orders_created_total[15m])) and on(app) up';

    expect(metricNamesIn(expression)).toEqual(['shop_orders_created_total', 'shop_payment_attempts_total', 'up']);
  });
});

describe('reading labels out of PromQL', () => {
  it('when selectors match labels, then each matcher is read with its operator and value, braces in values included', () => {
    const expression = 'rate(http_requests_total{job="apps", status=~"5.."}[5m]) / rate(x{route!~"/a{2}", app!="gateway"}[5m])';

    expect(labelMatchersIn(expression)).toEqual([
      { name: 'job', operator: '=', value: 'apps' },
      { name: 'status', operator: '=~', value: '5..' },
      { name: 'route', operator: '!~', value: '/a{2}' },
      { name: 'app', operator: '!=', value: 'gateway' },
    ]);
  });

  it('when an expression groups, joins and matches, then every label it names is read once, and no value is', () => {
    const expression = 'sum by (app, le) (rate(x{job="apps", topic="by (fake)"}[5m])) / on(app) group_left(component) sum(y) without (instance)';

    expect(labelNamesIn(expression)).toEqual(['app', 'component', 'instance', 'job', 'le', 'topic']);
  });
});
