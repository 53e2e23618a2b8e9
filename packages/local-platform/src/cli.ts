#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ON_CALL_ADDRESS } from './alertmanager';
import { defaultRuntimeDir } from './paths';
import { Platform, type PlatformState } from './platform';
import { httpStatus, waitUntil } from './ports';
import { isRecordedProcessAlive } from './process-identity';
import { profileFromEnvironment } from './profiles';
import { tracingFromEnvironment } from './tracing';
import { DEFAULT_SIGNING_KEY_OVERLAP_SECONDS, rotateLocalSigningKey } from './secrets';

const usage = `usage: shop-platform <up [--foreground] | down | status | reap | rotate-jwt-key [--overlap-seconds N]>
  up            start Postgres, Redis, the Dapr control plane and every app of dapr.yaml with its sidecar, under a
                runner that stays in the background and restarts an app or sidecar that crashes (with backoff);
                returns once the gateway's /readyz answers 200 (--foreground: stay attached, Ctrl-C stops all).
                On a running platform it starts whatever is down; a stale record (after a reboot) is cleared.
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
// `make status | head` closes the pipe early: nothing left to say, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Converges: a platform whose runner is alive gets whatever is down restarted now; a record whose runner is gone (a
 * reboot, a killed runner) is stale: what is left of it is stopped and the platform starts afresh.
 */
async function up(foreground: boolean): Promise<void> {
  const runtimeDir = defaultRuntimeDir;
  let recorded = Platform.readState(runtimeDir);
  if (recorded && Platform.runnerAlive(recorded) && !recorded.ready) {
    say(`the platform is starting (runner pid ${recorded.runner!.pid}); waiting until it is ready`);
    recorded = await readyOrGone(runtimeDir, recorded.runner!.pid);
  }
  if (recorded && Platform.runnerAlive(recorded) && (await converge(recorded))) return;
  if (recorded) {
    const why = Platform.runnerAlive(recorded) ? 'infrastructure the runner does not restart is down' : 'platform.json named a platform whose runner is gone (a reboot, or a killed runner)';
    const stopped = await Platform.stopFromState(runtimeDir);
    say(`${why}${stopped.length ? `; stopped what was left: ${stopped.join(', ')}` : ''}; starting afresh`);
  }
  if (foreground) return run(true);
  await startInBackground(runtimeDir);
}

/** The platform in this process, supervised until SIGTERM or SIGINT (`make down`, Ctrl-C); SIGUSR2 restarts what is down. */
async function run(attached: boolean): Promise<void> {
  const runtimeDir = defaultRuntimeDir;
  const started = Date.now();
  // Installed before the start, which takes a while: a signal's default action would end the runner silently.
  let platform: Platform | undefined;
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.on('SIGUSR2', () => {
    if (!platform) return say('asked to restart what is down while still starting: the start brings everything up');
    void platform.restartDown().then((names) => say(names.length ? `restarted on request: ${names.join(', ')}` : 'nothing was down'));
  });
  platform = await Platform.start({ runtimeDir, progress: say, profile: profileFromEnvironment(), tracing: tracingFromEnvironment(), recordRunner: true });
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  describeRunning(platform.state);
  if (attached) say('running in the foreground; Ctrl-C stops everything');
  // Signal handlers and the supervisor's (unreferenced) timer do not keep Node running: this does, until asked to stop.
  const keepAlive = setInterval(() => undefined, 60_000);
  await stopRequested;
  clearInterval(keepAlive);
  say('stopping');
  await platform.stop();
}

/** Waits for a starting platform's runner: its state once ready, none if the runner gave up. */
async function readyOrGone(runtimeDir: string, runnerPid: number): Promise<PlatformState | undefined> {
  for (;;) {
    await sleep(500);
    const state = Platform.readState(runtimeDir);
    if (!state || state.runner?.pid !== runnerPid || !Platform.runnerAlive(state)) return undefined;
    if (state.ready) return state;
  }
}

/**
 * The runner as a background process of its own (it outlives `make up`), its output in `logs/runner.log`, which is
 * shown here until the platform is ready or the runner gives up.
 */
async function startInBackground(runtimeDir: string): Promise<void> {
  const logFile = path.join(runtimeDir, 'logs', 'runner.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [__filename, 'run'], { stdio: ['ignore', out, out], detached: true, env: process.env });
  closeSync(out);
  child.unref();
  const log = follow(logFile);
  for (;;) {
    await sleep(250);
    log.print();
    const state = Platform.readState(runtimeDir);
    if (state?.ready && state.runner?.pid === child.pid) return;
    if (child.exitCode !== null || child.signalCode !== null) {
      log.print();
      throw new Error(`the platform did not start (the runner exited; its log: ${logFile})`);
    }
  }
}

/** Prints what a log gains from now on. */
function follow(file: string): { print: () => void } {
  let offset = existsSync(file) ? statSync(file).size : 0;
  return {
    print: () => {
      const fd = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(64 * 1024);
        for (let read = readSync(fd, buffer, 0, buffer.length, offset); read > 0; read = readSync(fd, buffer, 0, buffer.length, offset)) {
          process.stdout.write(buffer.subarray(0, read));
          offset += read;
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * A running platform: a crashed app or sidecar (one the runner may still be backing off from) is restarted now.
 * False when infrastructure is down (Postgres, Redis, the control plane…): then only a fresh start converges.
 */
async function converge(state: PlatformState): Promise<boolean> {
  const down = () => {
    const current = Platform.readState(state.runtimeDir) ?? state;
    return current.processes.filter((p) => !isRecordedProcessAlive(p)).map((p) => p.name);
  };
  const wasDown = down();
  const supervised = new Set(state.apps.flatMap((app) => [app.appID, `${app.appID}-daprd`]));
  const infrastructure = wasDown.filter((name) => !supervised.has(name));
  if (infrastructure.length) {
    say(`down: ${infrastructure.join(', ')}`);
    return false;
  }
  if (wasDown.length) {
    say(`down: ${wasDown.join(', ')}; asking the runner (pid ${state.runner!.pid}) to restart them now`);
    process.kill(state.runner!.pid, 'SIGUSR2');
    const deadline = Date.now() + 120_000;
    while (down().length && Date.now() < deadline) await sleep(500);
    const still = down();
    if (still.length) throw new Error(`still down after 120 s: ${still.join(', ')} (see ${state.runner!.logFile} and .runtime/logs/)`);
    // As after a fresh start: back once the gateway answers ready (every service and its sidecar).
    const gateway = state.apps.find((app) => app.appID === 'gateway');
    // Its operations port: the public /readyz spends the caller's request budget.
    if (gateway) await waitUntil('the gateway to answer ready', async () => (await httpStatus(`http://127.0.0.1:${gateway.opsPort ?? gateway.appPort}/readyz`)) === 200, 120_000);
    say(`restarted: ${wasDown.join(', ')}`);
  } else {
    say('the platform is already running');
  }
  describeRunning(state);
  say("'make down' stops it");
  return true;
}

function describeRunning(state: PlatformState): void {
  const gateway = state.apps.find((a) => a.appID === 'gateway');
  say(`gateway on http://127.0.0.1:${gateway?.appPort ?? '?'} (logs in ${state.runtimeDir}/logs; 'make logs' follows them)`);
  if (state.prometheusUrl) say(`prometheus: ${state.prometheusUrl} (targets: ${state.prometheusUrl}/targets, alerts: ${state.prometheusUrl}/alerts)`);
  if (state.alertmanagerUrl) {
    const sink = `http://127.0.0.1:${state.ports.smsSink}/messages?to=${ON_CALL_ADDRESS}`;
    say(`alertmanager: ${state.alertmanagerUrl} (alerts that fire are emailed to ${ON_CALL_ADDRESS}: ${sink})`);
  }
  if (state.tracing?.uiUrl) say(`traces (${state.tracing.backend}): ${state.tracing.uiUrl}${state.tracing.backend === 'jaeger' ? ' (JSON: Jaeger\'s UI is not in its Go module, see docs/observability.md)' : ''}`);
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
  if (state.runner) say(`${Platform.runnerAlive(state) ? 'up  ' : 'DOWN'} ${'runner'.padEnd(16)} pid ${state.runner.pid}  log ${state.runner.logFile} (restarts what crashes)`);
  for (const p of state.processes) say(`${isRecordedProcessAlive(p) ? 'up  ' : 'DOWN'} ${p.name.padEnd(16)} pid ${p.pid}  log ${p.logFile}`);
  if (state.runner && !Platform.runnerAlive(state)) say("the runner is gone (a reboot?): 'make up' clears this record and starts afresh");
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
  const recorded = Platform.readState(runtimeDir);
  const running = recorded !== undefined && recorded.processes.some((p) => isRecordedProcessAlive(p));
  if (!running) say('the platform is not running: the next `make up` uses the new key set');
  else if (rotation.announced) say('no restart needed: auth publishes the new key within KEY_SET_REFRESH_SECONDS (60 s) and signs with it KEY_ACTIVATION_DELAY_SECONDS later (95 s)');
  else say('the running platform was rendered without secretsRevision: restart it once (make down && make up) to load the new key set');
}

async function main(): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'up') return up(flags.includes('--foreground'));
  // The background runner `up` starts (not for people: `up --foreground` is the attached form).
  if (command === 'run') return run(false);
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
