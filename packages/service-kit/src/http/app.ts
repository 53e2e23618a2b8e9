import type Router from '@koa/router';
import Koa from 'koa';
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
}

export interface HttpApp {
  app: Koa;
  markShuttingDown: () => void;
}

/** The Koa stack every service shares: correlation → metrics → errors → body → operational and domain routes. */
export function createHttpApp(options: AppOptions): HttpApp {
  let shuttingDown = false;
  const app = new Koa({ proxy: false });
  app.silent = true;
  const metrics = createHttpMetrics(options.name);
  const operational = operationalRoutes(options.readiness, metrics.registry, () => shuttingDown);

  app.use(correlationMiddleware());
  app.use(metrics.middleware);
  app.use(errorMiddleware(options.log));
  app.use(operational.routes());
  for (const middleware of options.beforeBody ?? []) app.use(middleware);
  if (options.parseBodies !== false) app.use(jsonBodyParser({ limit: options.bodyLimit ?? '1mb' }));
  for (const router of options.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: false }));
  }
  app.on('error', (error: unknown) => options.log.warn({ err: error }, 'koa error event'));
  return { app, markShuttingDown: () => (shuttingDown = true) };
}
