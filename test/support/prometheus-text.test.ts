import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { counterMismatches } from '../integration/setup/business-counters';
import { exposedNames, parseSamples, sumOf } from './prometheus-text';

const EXPOSITION = `# HELP shop_orders_cancelled_total Orders cancelled, by reason
# TYPE shop_orders_cancelled_total counter
shop_orders_cancelled_total{reason="payment_declined"} 2
shop_orders_cancelled_total{reason="cancelled_by_user"} 1
# HELP shop_orders_created_total Orders placed
# TYPE shop_orders_created_total counter
shop_orders_created_total 5
# TYPE shop_event_processing_seconds histogram
# TYPE dapr_http_server_request_count counter
dapr_http_server_request_count{app_id="order",method="GET",path="/v1.0/state/a \\"b\\""} 7 1732500000000
`;

describe('the Prometheus text format, as the tests read it', () => {
  it('when an exposition is parsed, then each sample has its name, labels (escapes undone) and value, timestamps ignored', () => {
    const samples = parseSamples(EXPOSITION);

    expect(samples).toHaveLength(4);
    expect(samples[3]).toEqual({ name: 'dapr_http_server_request_count', labels: { app_id: 'order', method: 'GET', path: '/v1.0/state/a "b"' }, value: 7 });
  });

  it('when samples are summed, then only the series whose labels include the given ones count', () => {
    const samples = parseSamples(EXPOSITION);

    expect(sumOf(samples, 'shop_orders_cancelled_total')).toBe(3);
    expect(sumOf(samples, 'shop_orders_cancelled_total', { reason: 'payment_declined' })).toBe(2);
    expect(sumOf(samples, 'shop_orders_cancelled_total', { reason: 'out_of_stock' })).toBe(0);
  });

  it('when the names are listed, then families declared without samples count, histograms with their sample names', () => {
    const names = exposedNames(EXPOSITION);

    expect(names).toEqual(new Set(['shop_orders_cancelled_total', 'shop_orders_created_total', 'dapr_http_server_request_count', 'shop_event_processing_seconds', 'shop_event_processing_seconds_bucket', 'shop_event_processing_seconds_sum', 'shop_event_processing_seconds_count']));
  });
});

describe('the business counter audit', () => {
  let server: Server;
  let metricsUrl: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(EXPOSITION));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('when a counter differs from its rows, then that counter is reported with both numbers, and equal ones are not', async () => {
    const platform = { databaseUrl: () => 'unused', metricsUrl: () => metricsUrl };

    const mismatches = await counterMismatches(platform, [
      { app: 'order', metric: 'shop_orders_created_total', expected: 5 },
      { app: 'order', metric: 'shop_orders_cancelled_total', labels: { reason: 'payment_declined' }, expected: 3 },
      { app: 'order', metric: 'shop_orders_cancelled_total', labels: { reason: 'out_of_stock' }, expected: 0 },
    ]);

    expect(mismatches).toEqual(['order shop_orders_cancelled_total{"reason":"payment_declined"}: counter 2, rows 3']);
  });
});
