// Service invocation overhead: the same endpoint called directly and through two real daprd sidecars
// (caller sidecar → target sidecar → app), with autocannon, on 127.0.0.1 only, each run bounded in time.
// Prints mean/p50/p99 latency and throughput for both and their ratios, and writes bench/results/invoke-overhead.json.
//   npm run bench:invoke            (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 by default)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import platformKit from '../packages/local-platform/dist/index.js';

const { freeInfrastructurePorts, freePorts, Platform, spawnLogged, startPlacement, startScheduler, startSidecar, waitForSidecarReady, waitForPort, renderFile, repoRoot, versions } = platformKit;
const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Math.min(Number(process.env.BENCH_SECONDS ?? 10), 60);
const connections = Math.min(Number(process.env.BENCH_CONNECTIONS ?? 10), 100);
const rounds = Math.min(Number(process.env.BENCH_ROUNDS ?? 2), 5);

const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-bench-'));
const logDir = path.join(runtimeDir, 'logs');
const processes = [];

async function measure(label, url) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { label, requests: result.requests.total, rps: result.requests.average, mean: result.latency.average, p50: result.latency.p50, p99: result.latency.p99 };
}

try {
  const ports = await freeInfrastructurePorts();
  processes.push(await startPlacement(ports.placement, logDir));
  processes.push(await startScheduler(ports.scheduler, path.join(runtimeDir, 'scheduler'), logDir));
  // No components: the benchmark measures invocation only. The sidecars share the sqlite name resolver.
  const resources = path.join(runtimeDir, 'components');
  mkdirSync(resources, { recursive: true });
  const configFile = path.join(runtimeDir, 'config.yaml');
  renderFile(path.join(repoRoot, 'components', 'config', 'local.yaml'), configFile, { NAME_RESOLUTION_DB: path.join(runtimeDir, 'nr.db') });

  const [appPort, ...sidecarPorts] = await freePorts(9);
  processes.push(spawnLogged({ name: 'bench-target', command: process.execPath, args: [path.join(here, 'target-app.mjs')], env: { ...process.env, APP_PORT: String(appPort) }, logFile: path.join(logDir, 'bench-target.log') }));
  await waitForPort('bench target app', appPort, 10_000);
  const sidecar = (appId, offset, withApp) => startSidecar({
    appId, ...(withApp ? { appPort } : {}),
    httpPort: sidecarPorts[offset], grpcPort: sidecarPorts[offset + 1], internalGrpcPort: sidecarPorts[offset + 2], metricsPort: sidecarPorts[offset + 3],
    resourcesPath: resources, configFile, placementAddress: `127.0.0.1:${ports.placement.port}`, schedulerAddress: `127.0.0.1:${ports.scheduler.port}`, logDir,
  });
  const target = sidecar('bench-target', 0, true);
  const caller = sidecar('bench-caller', 4, false);
  processes.push(target, caller);
  await waitForSidecarReady(target, sidecarPorts[0]);
  await waitForSidecarReady(caller, sidecarPorts[4]);

  const direct = `http://127.0.0.1:${appPort}/products/bench`;
  const viaSidecars = `http://127.0.0.1:${sidecarPorts[4]}/v1.0/invoke/bench-target/method/products/bench`;
  const check = await fetch(viaSidecars);
  if (check.status !== 200) throw new Error(`invocation through the sidecars answered ${check.status}: ${await check.text()}`);

  console.log(`Dapr ${versions.DAPR_RUNTIME_VERSION}, node ${process.version}, ${os.cpus().length} cores; ${connections} connections, ${seconds} s per run, ${rounds} rounds`);
  await measure('warm-up', viaSidecars).catch(() => undefined);
  const runs = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternating the two sides spreads any drift of the machine over both.
    runs.push(await measure('direct', direct));
    runs.push(await measure('two sidecars', viaSidecars));
  }
  const best = (label, key, pick) => pick(...runs.filter((r) => r.label === label).map((r) => r[key]));
  const summary = {};
  for (const label of ['direct', 'two sidecars']) {
    summary[label] = { meanMs: +best(label, 'mean', Math.min).toFixed(3), p50Ms: best(label, 'p50', Math.min), p99Ms: best(label, 'p99', Math.min), requestsPerSecond: Math.round(best(label, 'rps', Math.max)) };
  }
  // autocannon's percentiles are whole milliseconds (a direct call is often "0"), so the latency ratio uses the mean.
  const ratio = {
    meanLatency: +(summary['two sidecars'].meanMs / summary.direct.meanMs).toFixed(2),
    throughput: +(summary.direct.requestsPerSecond / summary['two sidecars'].requestsPerSecond).toFixed(2),
    addedMeanMs: +(summary['two sidecars'].meanMs - summary.direct.meanMs).toFixed(3),
  };
  console.table(summary);
  console.log(`overhead of two sidecars: mean latency ×${ratio.meanLatency} (+${ratio.addedMeanMs} ms per call), throughput ÷${ratio.throughput}`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'invoke-overhead.json'), `${JSON.stringify({ date: new Date().toISOString(), dapr: versions.DAPR_RUNTIME_VERSION, node: process.version, cores: os.cpus().length, connections, seconds, rounds, summary, ratio, runs }, null, 2)}\n`);
} finally {
  await Platform.stopRecorded(processes);
  rmSync(runtimeDir, { recursive: true, force: true });
}
