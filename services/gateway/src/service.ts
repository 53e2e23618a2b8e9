import helmet from 'koa-helmet';
import { createHttpApp, createLogger, DaprSidecar, listen, type ReadinessCheck, type RunningServer, type Service } from '@shop/service-kit';
import type { GatewayConfig } from './config';
import { cors } from './api/cors';
import { readinessLimit } from './api/readiness-limit';
import { gatewayRoutes } from './api/routes';
import { JwksTokenVerifier } from './data/jwks-token-verifier';
import { RedisRateLimits } from './data/redis-rate-limits';

export interface GatewayService extends Service {
  port(): number;
  /** Where /metrics and the full readiness report are served. */
  opsPort(): number;
}

export function createGatewayService(config: GatewayConfig): GatewayService {
  const log = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = DaprSidecar.fromConfig(config);
  const verifier = new JwksTokenVerifier({
    jwksUrl: `${sidecar.baseUrl}/v1.0/invoke/${config.AUTH_APP_ID}/method/auth/jwks.json`,
    headers: sidecar.apiHeaders,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const limits = new RedisRateLimits({
    redisUrl: config.REDIS_URL,
    requestsPerMinute: config.RATE_LIMIT_PER_MINUTE,
    loginFailuresAllowed: config.LOGIN_FAILURES_ALLOWED,
    loginWindowSeconds: config.LOGIN_WINDOW_SECONDS,
  });
  const readiness: ReadinessCheck[] = [
    { name: 'sidecar', check: () => sidecar.checkReady() },
    { name: 'rate-limits', check: () => limits.check() },
    ...config.READINESS_APPS.map((appId) => ({ name: appId, check: () => appIsReady(sidecar, appId) })),
  ];
  const { app, operationsApp, markShuttingDown } = createHttpApp({
    name: config.SERVICE_NAME,
    log,
    readiness,
    publicReadinessGate: readinessLimit(limits, config.TRUSTED_PROXIES),
    beforeBody: [helmet(), cors(config.CORS_ORIGINS)],
    parseBodies: false,
    routers: [gatewayRoutes({ sidecar, verifier, limits, log, trustedProxies: config.TRUSTED_PROXIES, bodyLimitBytes: config.BODY_LIMIT_BYTES, timeoutMs: config.UPSTREAM_TIMEOUT_MS })],
  });
  let server: RunningServer | undefined;
  let operations: RunningServer | undefined;

  return {
    async start() {
      await limits.connect();
      operations = await listen(operationsApp!, config.OPS_PORT, config.OPS_HOST);
      server = await listen(app, config.APP_PORT, config.HOST);
      log.info({ port: server.port, opsPort: operations.port }, 'gateway listening');
    },
    async stop() {
      markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await operations?.close(config.SHUTDOWN_GRACE_MS);
      await limits.close();
      await sidecar.stop();
    },
    port: () => server?.port ?? config.APP_PORT,
    opsPort: () => operations?.port ?? config.OPS_PORT,
  };
}

/** A service counts as ready when its own /readyz (database, sidecar) answers 200 through invocation. */
async function appIsReady(sidecar: DaprSidecar, appId: string): Promise<void> {
  const response = await sidecar.invoke(appId, { path: 'readyz', timeoutMs: 1_500 });
  if (response.status !== 200) throw new Error(`${appId} answered ${response.status}`);
}
