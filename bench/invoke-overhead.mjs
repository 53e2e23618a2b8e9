// Service invocation overhead: the same endpoint called directly and through two real daprd sidecars
// (caller sidecar → target sidecar → app), with autocannon, on 127.0.0.1 only, each run bounded in time.
// Prints p50/p99 latency (sequential requests, hrtime) and throughput (autocannon) for both and their ratios, and writes bench/results/invoke-overhead.json.
//   npm run bench:invoke            (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 by default)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import platformKit from '../packages/local-platform/dist/index.js';

const { freeInfrastructurePorts, freePorts, Platform, spawnLogged, startPlacement, startScheduler, startSidecar, waitForSidecarReady, waitForPort, renderSharedConfiguration, repoRoot, versions } = platformKit;
const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Math.min(Number(process.env.BENCH_SECONDS ?? 10), 60);
const connections = Math.min(Number(process.env.BENCH_CONNECTIONS ?? 10), 100);
const rounds = Math.min(Number(process.env.BENCH_ROUNDS ?? 2), 5);
const sequentialRequests = Math.min(Number(process.env.BENCH_SEQUENTIAL ?? 2000), 20_000);

const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-bench-'));
const logDir = path.join(runtimeDir, 'logs');
const processes = [];

// Latency of one request at a time, timed with hrtime: autocannon's histogram has whole-millisecond resolution, too
// coarse for a direct call that takes a fraction of one.
async function sequentialLatency(url, count) {
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    const response = await fetch(url);
    await response.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => +samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(3);
  return { p50: at(0.5), p99: at(0.99), mean: +(samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(3) };
}

async function measure(label, url) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { label, requests: result.requests.total, rps: result.requests.average };
}

try {
  const ports = await freeInfrastructurePorts();
  processes.push(await startPlacement(ports.placement, logDir));
  processes.push(await startScheduler(ports.scheduler, path.join(runtimeDir, 'scheduler'), logDir));
  // No components: the benchmark measures invocation only. The sidecars share the sqlite name resolver.
  const resources = path.join(runtimeDir, 'components');
  mkdirSync(resources, { recursive: true });
  const configFile = path.join(runtimeDir, 'config.yaml');
  renderSharedConfiguration(configFile, path.join(runtimeDir, 'nr.db'));

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
  const latencies = { direct: [], 'two sidecars': [] };
  for (let round = 0; round < rounds; round += 1) {
    // Alternating the two sides spreads any drift of the machine over both.
    latencies.direct.push(await sequentialLatency(direct, sequentialRequests));
    latencies['two sidecars'].push(await sequentialLatency(viaSidecars, sequentialRequests));
    runs.push(await measure('direct', direct));
    runs.push(await measure('two sidecars', viaSidecars));
  }
  const bestRps = (label) => Math.round(Math.max(...runs.filter((r) => r.label === label).map((r) => r.rps)));
  const bestOf = (label, key) => Math.min(...latencies[label].map((l) => l[key]));
  const summary = {};
  for (const label of ['direct', 'two sidecars']) {
    summary[label] = { p50Ms: bestOf(label, 'p50'), p99Ms: bestOf(label, 'p99'), meanMs: bestOf(label, 'mean'), requestsPerSecond: bestRps(label) };
  }
  const ratio = {
    p50: +(summary['two sidecars'].p50Ms / summary.direct.p50Ms).toFixed(2),
    p99: +(summary['two sidecars'].p99Ms / summary.direct.p99Ms).toFixed(2),
    addedP50Ms: +(summary['two sidecars'].p50Ms - summary.direct.p50Ms).toFixed(3),
    throughput: +(summary.direct.requestsPerSecond / summary['two sidecars'].requestsPerSecond).toFixed(2),
  };
  console.table(summary);
  console.log(`latency: ${sequentialRequests} sequential requests per side and round; throughput: autocannon, ${connections} connections`);
  console.log(`overhead of two sidecars: p50 ×${ratio.p50} (+${ratio.addedP50Ms} ms per call), p99 ×${ratio.p99}, throughput ÷${ratio.throughput}`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'invoke-overhead.json'), `${JSON.stringify({ date: new Date().toISOString(), dapr: versions.DAPR_RUNTIME_VERSION, node: process.version, cores: os.cpus().length, connections, seconds, rounds, sequentialRequests, summary, ratio, runs, latencies }, null, 2)}\n`);
} finally {
  await Platform.stopRecorded(processes);
  rmSync(runtimeDir, { recursive: true, force: true });
}
