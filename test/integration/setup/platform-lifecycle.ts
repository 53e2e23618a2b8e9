import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RUN_FILE, describeProfile, freeInfrastructurePorts, operationsPort, Platform, profileFromEnvironment, readRunFile, repoRoot, tracingFromEnvironment } from '@shop/local-platform';
import { describeLeaks, scanLogsForSecrets, scanSpansForSecrets } from '../../support/log-scan';
import type { IntegrationPlatform } from '../support/platform';
import { secretsOfRun } from '../support/secrets-of-run';
import { spansBetween } from '../support/traces';
import { auditBusinessCounters } from './business-counters';

export const PROBE_TOPICS = ['user.registered', 'order.confirmed', 'order.cancelled', 'payment.refunded', 'deadletter'];

/**
 * Two kinds of run share this platform. `end-to-end` (test/integration) never restarts anything, so after it every
 * business counter must equal what the databases hold. `chaos` (test/chaos) crashes apps and sidecars and stops
 * infrastructure: only its platform answers the chaos endpoint.
 */
export type PlatformPurpose = 'end-to-end' | 'chaos';

const globals = globalThis as { __integrationPlatform?: Platform; __chaosControl?: Server };

/**
 * The whole platform of dapr.yaml — Postgres, Redis, placement, scheduler, every service with its own daprd — plus an
 * event probe app, all on free ports, so the suite runs beside a `make up` platform without touching it.
 */
export async function startTestPlatform(purpose: PlatformPurpose): Promise<void> {
  for (const app of readRunFile(DEFAULT_RUN_FILE).apps) {
    if (!existsSync(path.resolve(app.appDirPath, app.command.at(-1)!))) {
      throw new Error(`${path.relative(repoRoot, app.appDirPath)} is not built: run 'make build' (make test does it for you)`);
    }
  }
  const startedAtMs = Date.now();
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-integration-'));
  // BROKER, ACTOR_STATE and SECRETS choose the components, as for `make up`; the suites themselves never change.
  const profile = profileFromEnvironment();
  // TRACING picks the backend as for `make up` (default Zipkin): the tracing suite reads whole traces from it.
  const tracing = tracingFromEnvironment();
  process.stdout.write(`\n${purpose} platform: ${describeProfile(profile)}, tracing ${tracing}\n`);
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
    // The metrics and alerting suites query them; a machine without them fails with the install command.
    prometheus: 'required',
  });
  globals.__integrationPlatform = platform;
  const chaos = purpose === 'chaos' ? await startChaosControl(platform) : undefined;
  const info: IntegrationPlatform = {
    runtimeDir,
    startedAtMs,
    gatewayUrl: `http://127.0.0.1:${platform.app('gateway').appPort}`,
    probeUrl: `http://127.0.0.1:${platform.app('event-probe').appPort}`,
    apps: Object.fromEntries(
      platform.apps.map((app) => [app.appID, { appPort: app.appPort, opsPort: operationsPort(app), daprHTTPPort: app.daprHTTPPort, daprGRPCPort: app.daprGRPCPort, metricsPort: app.metricsPort, daprApiToken: app.sidecarSpec.tokens!.daprApiToken }]),
    ),
    secretsFile: path.join(runtimeDir, 'secrets', 'local-secrets.json'),
    messageSinkUrl: `http://127.0.0.1:${platform.state.ports.smsSink}`,
    ...(chaos ? { chaosUrl: chaos.url } : {}),
    prometheusUrl: platform.state.prometheusUrl!,
    alertmanagerUrl: platform.state.alertmanagerUrl!,
    ...(platform.state.tracing?.queryUrl ? { tracing: { backend: platform.state.tracing.backend, queryUrl: platform.state.tracing.queryUrl } } : {}),
  };
  process.env.INTEGRATION_PLATFORM = JSON.stringify(info);
  globals.__chaosControl = chaos?.server;
}

/**
 * Tests run in worker processes, the platform in this one: a loopback-only endpoint lets a test crash an app or its
 * sidecar (SIGKILL: the runner restarts it with backoff), stop one on purpose (POST /hold: the runner leaves it down)
 * and start it again — POST /crash, /hold and /restart with {appId, part: "app"|"sidecar"} — and stop and start
 * infrastructure — POST /stop and POST /start with {process: "broker"|"redis"|…}.
 */
async function startChaosControl(platform: Platform): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const { appId, part, process: name } = JSON.parse(body || '{}') as { appId: string; part: 'app' | 'sidecar'; process: string };
      if (req.method === 'POST' && req.url === '/crash') await platform.crash(appId, part);
      else if (req.method === 'POST' && req.url === '/hold') await platform.hold(appId, part);
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

/**
 * What holds for the whole run, checked once every test is done: after an end-to-end run the business counters equal
 * the rows; after any run no log line (the sidecars' last lines too) holds a secret. A failed run keeps its logs.
 */
export async function stopTestPlatform(purpose: PlatformPurpose): Promise<void> {
  globals.__chaosControl?.close();
  const platform = globals.__integrationPlatform;
  if (!platform) return;
  const problems: string[] = [];
  if (purpose === 'end-to-end') {
    const { checks, mismatches } = await auditBusinessCounters({
      databaseUrl: (appId) => platform.app(appId).env.DATABASE_URL!,
      metricsUrl: (appId) => `http://127.0.0.1:${operationsPort(platform.app(appId))}/metrics`,
    }).catch((error: Error) => ({ checks: [], mismatches: [`the audit failed: ${error.message}`] }));
    if (mismatches.length) problems.push(`business counters that differ from what the suite did (of ${checks.length} checked):\n  ${mismatches.join('\n  ')}`);
    else process.stdout.write(`\nbusiness counters: all ${checks.length} equal what the databases hold\n`);
  }
  const run = JSON.parse(process.env.INTEGRATION_PLATFORM ?? '{}') as IntegrationPlatform;
  // Every span of the run, while the backend still holds them: no token, password or key in any tag or annotation.
  if (run.tracing && run.secretsFile) {
    await spansBetween(run.tracing, run.startedAtMs, Date.now()).then((spans) => {
      const spanLeaks = scanSpansForSecrets(spans, secretsOfRun(run));
      if (spanLeaks.length) problems.push(`secrets in the run's traces:\n${describeLeaks(spanLeaks)}`);
      else process.stdout.write(`trace hygiene: none of the run's ${spans.length} spans holds a secret\n`);
    }, (error: Error) => problems.push(`the run's traces could not be read: ${error.message}`));
  }
  await platform.stop();
  const logDir = path.join(platform.state.runtimeDir, 'logs');
  const leaks = run.secretsFile ? scanLogsForSecrets(logDir, secretsOfRun(run)) : [];
  if (leaks.length) problems.push(`secrets in the run's logs:\n${describeLeaks(leaks)}`);
  if (problems.length) throw new Error(`${problems.join('\n\n')}\n(logs kept in ${logDir})`);
  if (process.env.KEEP_INTEGRATION_RUNTIME !== '1') rmSync(platform.state.runtimeDir, { recursive: true, force: true });
}
