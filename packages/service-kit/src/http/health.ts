import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { register as processRegistry, Registry } from 'prom-client';

/** A named readiness check: resolves when the dependency answers, throws with a reason when it does not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck({ name, check }: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Who the operational endpoints answer. `operations` (every service, and the gateway's own operations port): the
 * process's full readiness report and its metrics. `public` (the gateway's public port): `/healthz`, and `/readyz` as a
 * bare verdict behind `readinessGate` (the rate limiter): no topology, no metrics.
 */
export type OperationalExposure = { kind: 'operations' } | { kind: 'public'; readinessGate: Middleware };

/** `/healthz`: the process is alive. `/readyz`: every dependency answers. `/metrics`: Prometheus text format. */
export function operationalRoutes(checks: ReadinessCheck[], registry: Registry, isShuttingDown: () => boolean, extraRegistries: Registry[] = [], exposure: OperationalExposure = { kind: 'operations' }): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const readiness = async (ctx: Context) => {
    const results = await Promise.all(checks.map(runCheck));
    const ready = !isShuttingDown() && results.every((r) => r.ok);
    ctx.status = ready ? 200 : 503;
    ctx.body = exposure.kind === 'public' ? { status: ready ? 'ready' : 'not-ready' } : { status: ready ? 'ready' : 'not-ready', shuttingDown: isShuttingDown(), checks: results };
  };
  if (exposure.kind === 'public') {
    router.get('/readyz', exposure.readinessGate, readiness);
    return router;
  }
  router.get('/readyz', readiness);
  router.get('/metrics', async (ctx) => {
    // The app's own registry (RED metrics, process), the service's (business, outbox, pool) and process-wide
    // counters such as events_consumed_total.
    const merged = Registry.merge([registry, ...extraRegistries, processRegistry]);
    ctx.type = merged.contentType;
    ctx.body = await merged.metrics();
  });
  return router;
}
