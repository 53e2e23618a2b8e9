#!/usr/bin/env node
import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ON_CALL_ADDRESS } from './alertmanager';
import { defaultRuntimeDir } from './paths';
import { Platform } from './platform';
import { isAlive } from './processes';
import { profileFromEnvironment } from './profiles';
import { tracingFromEnvironment } from './tracing';
import { DEFAULT_SIGNING_KEY_OVERLAP_SECONDS, rotateLocalSigningKey } from './secrets';

const usage = `usage: shop-platform <up [--foreground] | down | status | reap | rotate-jwt-key [--overlap-seconds N]>
  up            start Postgres, Redis, the Dapr control plane and every app of dapr.yaml with its sidecar;
                returns once the gateway's /readyz answers 200 (--foreground: stay attached, Ctrl-C stops all).
                BROKER=redis|rabbitmq|kafka|nats, ACTOR_STATE=postgres|redis, SECRETS=file|env pick the components,
                TRACING=zipkin|jaeger|none where the traces go (default zipkin)
  down          stop everything 'up' started
  status        list the recorded processes and whether they are alive
  reap          stop what test runs left behind (\${TMPDIR}/shop-*/platform.json), e.g. after a killed jest
  rotate-jwt-key
                new JWT signing key in the local secret store; the old one stays published (verification only) for
                --overlap-seconds (default ${DEFAULT_SIGNING_KEY_OVERLAP_SECONDS}), older retired keys are dropped. No restart: auth's sidecar
                re-reads the store; auth publishes the new key within KEY_SET_REFRESH_SECONDS and signs with it
                KEY_ACTIVATION_DELAY_SECONDS later`;

const say = (line: string) => process.stdout.write(`    ${line}\n`);

async function up(foreground: boolean): Promise<void> {
  const runtimeDir = defaultRuntimeDir;
  const recorded = Platform.readState(runtimeDir);
  if (recorded?.processes.some((p) => isAlive(p.pid))) {
    const gateway = recorded.apps.find((a) => a.appID === 'gateway');
    say(`the platform is already running (gateway on http://127.0.0.1:${gateway?.appPort ?? '?'}); 'make down' stops it`);
    if (recorded.prometheusUrl) say(`prometheus: ${recorded.prometheusUrl}`);
    if (recorded.alertmanagerUrl) say(`alertmanager: ${recorded.alertmanagerUrl} (emails ${ON_CALL_ADDRESS} through the local sink)`);
    if (recorded.tracing?.uiUrl) say(`traces (${recorded.tracing.backend}): ${recorded.tracing.uiUrl}`);
    return;
  }
  const profile = profileFromEnvironment();
  const tracing = tracingFromEnvironment();
  const started = Date.now();
  const platform = await Platform.start({ runtimeDir, progress: say, profile, tracing });
  const gateway = platform.app('gateway');
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: gateway on http://127.0.0.1:${gateway.appPort} (logs in ${runtimeDir}/logs; 'make logs' follows them)`);
  if (platform.state.prometheusUrl) say(`prometheus: ${platform.state.prometheusUrl} (targets: ${platform.state.prometheusUrl}/targets, alerts: ${platform.state.prometheusUrl}/alerts)`);
  if (platform.state.alertmanagerUrl) {
    const sink = `http://127.0.0.1:${platform.state.ports.smsSink}/messages?to=${ON_CALL_ADDRESS}`;
    say(`alertmanager: ${platform.state.alertmanagerUrl} (alerts that fire are emailed to ${ON_CALL_ADDRESS}: ${sink})`);
  }
  if (platform.state.tracing?.uiUrl) say(`traces (${platform.state.tracing.backend}): ${platform.state.tracing.uiUrl}${platform.state.tracing.backend === 'jaeger' ? ' (JSON: Jaeger\'s UI is not in its Go module, see docs/observability.md)' : ''}`);
  if (!foreground) return;
  say('running in the foreground; Ctrl-C stops everything');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await platform.stop();
}

async function down(): Promise<void> {
  const stopped = await Platform.stopFromState(defaultRuntimeDir);
  say(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
}

function status(): void {
  const state = Platform.readState(defaultRuntimeDir);
  if (!state) {
    say('not running');
    return;
  }
  for (const p of state.processes) say(`${isAlive(p.pid) ? 'up  ' : 'DOWN'} ${p.name.padEnd(16)} pid ${p.pid}  log ${p.logFile}`);
  if (state.tracing?.uiUrl) say(`traces (${state.tracing.backend}): ${state.tracing.uiUrl}`);
}

async function reap(): Promise<void> {
  const leftovers = readdirSync(os.tmpdir())
    .filter((name) => /^shop-(component|integration)-/.test(name))
    .map((name) => path.join(os.tmpdir(), name));
  for (const runtimeDir of leftovers) {
    const stopped = await Platform.stopFromState(runtimeDir);
    if (stopped.length) say(`stopped what a test run left in ${runtimeDir}: ${stopped.join(', ')}`);
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

function rotateJwtKey(flags: string[]): void {
  const at = flags.indexOf('--overlap-seconds');
  const overlapSeconds = at === -1 ? DEFAULT_SIGNING_KEY_OVERLAP_SECONDS : Number(flags[at + 1]);
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0) throw new Error('--overlap-seconds takes a whole number of seconds');
  const runtimeDir = defaultRuntimeDir;
  const rotation = rotateLocalSigningKey(
    { secretsFile: path.join(runtimeDir, 'secrets', 'local-secrets.json'), componentsDir: path.join(runtimeDir, 'components') },
    { overlapSeconds },
  );
  say(`new signing key (kid):      ${rotation.currentKid}`);
  say(`published, verify only:     ${rotation.keptKids.join(', ')}`);
  say(`dropped (past the overlap): ${rotation.droppedKids.join(', ') || 'none'}`);
  if (rotation.droppedKids.length && overlapSeconds < DEFAULT_SIGNING_KEY_OVERLAP_SECONDS) {
    say(`warning: with an overlap under ${DEFAULT_SIGNING_KEY_OVERLAP_SECONDS} s, tokens of a dropped key may not have expired yet`);
  }
  const running = Platform.readState(runtimeDir)?.processes.some((p) => isAlive(p.pid));
  if (!running) say('the platform is not running: the next `make up` uses the new key set');
  else if (rotation.announced) say('no restart needed: auth publishes the new key within KEY_SET_REFRESH_SECONDS (60 s) and signs with it KEY_ACTIVATION_DELAY_SECONDS later (95 s)');
  else say('the running platform was rendered without secretsRevision: restart it once (make down && make up) to load the new key set');
}

async function main(): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'up') return up(flags.includes('--foreground'));
  if (command === 'down') return down();
  if (command === 'status') return status();
  if (command === 'reap') return reap();
  if (command === 'rotate-jwt-key') return rotateJwtKey(flags);
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
