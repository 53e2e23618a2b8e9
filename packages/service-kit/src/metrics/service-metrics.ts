import { Registry } from 'prom-client';

/**
 * A registry for one service instance's own metrics (business counters, outbox, pool), served by its /metrics beside
 * the HTTP RED metrics. One per instance, so a service started twice in one process (tests) registers afresh.
 */
export function createServiceRegistry(): Registry {
  return new Registry();
}
