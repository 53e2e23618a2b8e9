import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeProfile, freeInfrastructurePorts, Platform, profileFromEnvironment, repoRoot, tracingFromEnvironment } from '@shop/local-platform';
import type { IntegrationPlatform } from '../support/platform';

export const PROBE_TOPICS = ['user.registered', 'order.confirmed', 'order.cancelled', 'payment.refunded', 'deadletter'];

/**
 * The whole platform of dapr.yaml — Postgres, Redis, placement, scheduler, every service with its own daprd — plus an
 * event probe app, all on free ports, so the suite runs beside a `make up` platform without touching it.
 */
export default async function globalSetup(): Promise<void> {
  for (const service of ['gateway', 'auth', 'catalog', 'order', 'inventory', 'payment', 'notification', 'cart', 'user', 'shipping', 'deadletters']) {
    if (!existsSync(path.join(repoRoot, 'services', service, 'dist', 'src', 'main.js'))) {
      throw new Error(`services/${service} is not built: run 'make build' (make test does it for you)`);
    }
  }
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-integration-'));
  // BROKER, ACTOR_STATE and SECRETS choose the components, as for `make up`; the suites themselves never change.
  const profile = profileFromEnvironment();
  // TRACING picks the backend as for `make up` (default Zipkin): the tracing suite reads whole traces from it.
  const tracing = tracingFromEnvironment();
  process.stdout.write(`\nintegration platform: ${describeProfile(profile)}, tracing ${tracing}\n`);
  const platform = await Platform.start({
    runtimeDir,
    profile,
    tracing,
    ports: await freeInfrastructurePorts(),
    freeAppPorts: true,
    extraApps: [
      {
        appID: 'event-probe',
        appDirPath: path.join(repoRoot, 'test', 'integration', 'support'),
        appPort: 0,
        daprHTTPPort: 0,
        daprGRPCPort: 0,
        daprInternalGRPCPort: 0,
        metricsPort: 0,
        command: ['node', 'event-probe.mjs'],
        env: { PROBE_TOPICS: PROBE_TOPICS.join(',') },
      },
    ],
    // Finished checkouts become purgeable at once, so the purge can be tested without waiting a day.
    // The suite polls orders many times a second per user; the 100/minute limit is tested on its own (gateway
    // component test), the login limit stays as configured.
    envOverrides: { order: { WORKFLOW_RETENTION_SECONDS: '1' }, gateway: { RATE_LIMIT_PER_MINUTE: '100000' } },
    readinessTimeoutMs: 120_000,
    // The metrics suite queries it; a machine without it fails with the install command.
    prometheus: 'required',
  });
  const chaos = await startChaosControl(platform);
  const info: IntegrationPlatform = {
    runtimeDir,
    gatewayUrl: `http://127.0.0.1:${platform.app('gateway').appPort}`,
    probeUrl: `http://127.0.0.1:${platform.app('event-probe').appPort}`,
    apps: Object.fromEntries(
      platform.apps.map((app) => [app.appID, { appPort: app.appPort, daprHTTPPort: app.daprHTTPPort, metricsPort: app.metricsPort, daprApiToken: app.sidecarSpec.tokens!.daprApiToken }]),
    ),
    secretsFile: path.join(runtimeDir, 'secrets', 'local-secrets.json'),
    messageSinkUrl: `http://127.0.0.1:${platform.state.ports.smsSink}`,
    chaosUrl: chaos.url,
    prometheusUrl: platform.state.prometheusUrl!,
    ...(platform.state.tracing?.queryUrl ? { tracing: { backend: platform.state.tracing.backend, queryUrl: platform.state.tracing.queryUrl } } : {}),
  };
  process.env.INTEGRATION_PLATFORM = JSON.stringify(info);
  (globalThis as { __integrationPlatform?: Platform }).__integrationPlatform = platform;
  (globalThis as { __chaosControl?: Server }).__chaosControl = chaos.server;
}

/**
 * Tests run in worker processes, the platform in this one: a loopback-only endpoint lets a test crash an app or its
 * sidecar (SIGKILL) and start it again — POST /crash and POST /restart with {appId, part: "app"|"sidecar"} — and stop
 * and start infrastructure — POST /stop and POST /start with {process: "broker"|"redis"|…}.
 */
async function startChaosControl(platform: Platform): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const { appId, part, process: name } = JSON.parse(body || '{}') as { appId: string; part: 'app' | 'sidecar'; process: string };
      if (req.method === 'POST' && req.url === '/crash') await platform.crash(appId, part);
      else if (req.method === 'POST' && req.url === '/restart') await platform.restart(appId, part);
      else if (req.method === 'POST' && req.url === '/stop') await platform.stopInfrastructure(name);
      else if (req.method === 'POST' && req.url === '/start') await platform.startInfrastructure(name);
      else throw new Error(`unknown chaos action ${req.method} ${req.url}`);
      res.writeHead(204).end();
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
