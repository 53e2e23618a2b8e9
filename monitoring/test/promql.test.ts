import { metricNamesIn } from './promql';

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
