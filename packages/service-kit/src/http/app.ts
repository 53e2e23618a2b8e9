import type Router from '@koa/router';
import { timingSafeEqual } from 'node:crypto';
import Koa from 'koa';
import type { Registry } from 'prom-client';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { jsonBodyParser } from './body-parser';
import { correlationMiddleware } from './correlation';
import { errorMiddleware } from './error-middleware';
import { operationalRoutes, type ReadinessCheck } from './health';
import { createHttpMetrics } from './metrics';

export interface AppOptions {
  name: string;
  log: Logger;
  routers: Router[];
  readiness: ReadinessCheck[];
  bodyLimit?: string;
  /** Middleware that must run before body parsing (the gateway streams bodies through untouched). */
  beforeBody?: Koa.Middleware[];
  parseBodies?: boolean;
  /**
   * When set, every request except the operational endpoints (which probes call directly) must carry this token in
   * `dapr-api-token`: only the app's own sidecar may call it.
   */
  appApiToken?: string | undefined;
  /** The service's own metrics (business counters, outbox, DB pool), served by /metrics beside the RED metrics. */
  metricsRegistries?: Registry[];
  /**
   * For an app whose port is public (the gateway): its port serves only `/healthz` and a bare `/readyz` behind this
   * gate, and the full operational endpoints move to `operationsApp`, which the app listens on where only probes and
   * the scraper reach.
   */
  publicReadinessGate?: Koa.Middleware;
}

function requireSidecarToken(token: string): Koa.Middleware {
  const expected = Buffer.from(token);
  return async (ctx, next) => {
    const presented = Buffer.from(ctx.get('dapr-api-token'));
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw AppError.unauthenticated('only this app\'s Dapr sidecar may call it');
    }
    await next();
  };
}

export interface HttpApp {
  app: Koa;
  markShuttingDown: () => void;
  /** With `publicReadinessGate`: `/healthz`, the full `/readyz` and `/metrics`, for the operations port. */
  operationsApp?: Koa;
}

/** The Koa stack every service shares: correlation → metrics → errors → body → operational and domain routes. */
export function createHttpApp(options: AppOptions): HttpApp {
  let shuttingDown = false;
  const app = new Koa({ proxy: false });
  app.silent = true;
  const metrics = createHttpMetrics(options.name);
  const isShuttingDown = () => shuttingDown;
  const operational = options.publicReadinessGate
    ? operationalRoutes(options.readiness, metrics.registry, isShuttingDown, options.metricsRegistries, { kind: 'public', readinessGate: options.publicReadinessGate })
    : operationalRoutes(options.readiness, metrics.registry, isShuttingDown, options.metricsRegistries);

  app.use(correlationMiddleware());
  app.use(metrics.middleware);
  app.use(errorMiddleware(options.log));
  app.use(operational.routes());
  if (options.appApiToken) app.use(requireSidecarToken(options.appApiToken));
  for (const middleware of options.beforeBody ?? []) app.use(middleware);
  if (options.parseBodies !== false) app.use(jsonBodyParser({ limit: options.bodyLimit ?? '1mb' }));
  for (const router of options.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: false }));
  }
  app.on('error', (error: unknown) => options.log.warn({ err: error }, 'koa error event'));
  const markShuttingDown = () => (shuttingDown = true);
  if (!options.publicReadinessGate) return { app, markShuttingDown };
  return { app, markShuttingDown, operationsApp: createOperationsApp(options, operationalRoutes(options.readiness, metrics.registry, isShuttingDown, options.metricsRegistries)) };
}

function createOperationsApp(options: AppOptions, routes: Router): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  app.use(errorMiddleware(options.log));
  app.use(routes.routes());
  return app;
}
