import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { register, Registry } from 'prom-client';
import { OutboxMetrics } from '../../packages/service-kit/src/metrics/outbox-metrics';
import { observeDatabasePool } from '../../packages/service-kit/src/metrics/pool-metrics';
import { createHttpMetrics } from '../../packages/service-kit/src/http/metrics';
import '../../packages/service-kit/src/events/subscriptions';
import { productCacheCounter } from '../../services/catalog/src/data/counting-product-cache';
import { deadLetterCounter } from '../../services/deadletters/src/metrics';
import { lowStockCounter } from '../../services/inventory/src/metrics';
import { createOrderMetrics } from '../../services/order/src/metrics';
import { createPaymentMetrics } from '../../services/payment/src/metrics';
import { sampleNames } from '../../test/support/prometheus-text';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * Every sample name the apps' /metrics can serve: the RED and process metrics of every app, the process-wide event
 * metrics, and each service's own metrics, registered by the same code the services run.
 */
export async function appMetricNames(): Promise<Set<string>> {
  const services = new Registry();
  new OutboxMetrics(services);
  observeDatabasePool(services, () => undefined);
  createOrderMetrics(services, { stuckAfterSeconds: 300, countStuckPending: async () => 0 });
  createPaymentMetrics(services);
  productCacheCounter(services);
  lowStockCounter(services);
  deadLetterCounter(services);
  const merged = Registry.merge([createHttpMetrics('dump').registry, services, register]);
  const families = await merged.getMetricsAsJSON();
  return new Set(families.flatMap((family) => sampleNames(family.name, String(family.type))));
}

export const DAPR_SOURCE = path.join(
  process.env.SHOP_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'dapr-shop'),
  'dapr',
  '1.18.2',
  'build',
  'dapr-1.18.2',
  'pkg',
  'diagnostics',
);

/**
 * The metric names daprd 1.18.2 exports, read from its source (scripts/install-dapr.sh builds it there): each OpenCensus
 * measure `stats.Int64("http/server/request_count", …)` becomes `dapr_http_server_request_count`, distributions with
 * _bucket/_sum/_count. Returns undefined when the source is not there.
 */
export function daprdMetricNames(): Set<string> | undefined {
  if (!existsSync(DAPR_SOURCE)) return undefined;
  const names = new Set<string>();
  const files = readdirSync(DAPR_SOURCE, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.go') && !file.endsWith('_test.go'));
  for (const file of files) {
    const text = readFileSync(path.join(DAPR_SOURCE, file), 'utf8');
    for (const [, measure] of text.matchAll(/stats\.(?:Int64|Float64)\(\s*"([^"]+)"/g)) {
      const name = `dapr_${measure!.replace(/[^a-zA-Z0-9]/g, '_')}`;
      for (const sample of [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]) names.add(sample);
    }
  }
  return names;
}

/** Prometheus' own metrics the rules and dashboards may read. */
export const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);
