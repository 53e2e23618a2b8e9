import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, versions } from './paths';
import { httpStatus, waitUntil } from './ports';
import { isAlive, spawnLogged, stopProcess, tail, type ManagedProcess } from './processes';
import { spawnSpanFilter } from './span-filter';

/** Where the sidecars and the apps send their spans: `TRACING=zipkin` (default for `make up`), `jaeger` or `none`. */
export type TracingBackend = 'zipkin' | 'jaeger' | 'none';
export const TRACING_BACKENDS: readonly TracingBackend[] = ['zipkin', 'jaeger', 'none'];

export interface TracingPorts {
  /** Zipkin's API, UI and span collector (POST /api/v2/spans). */
  zipkin: number;
  /** Jaeger's query API and UI. */
  jaegerQuery: number;
  jaegerQueryGrpc: number;
  /** Jaeger's OTLP receivers (the apps export OTLP over HTTP). */
  jaegerOtlpGrpc: number;
  jaegerOtlpHttp: number;
  /** Jaeger's Zipkin receiver (the sidecars export Zipkin's format). */
  jaegerZipkin: number;
  jaegerHealth: number;
  /** The span filter in front of either backend's Zipkin collector: spans reach the backend without credentials. */
  spanFilter: number;
}

/** Below 20000 like the rest of the local profile, never Zipkin's (9411) or Jaeger's (16686, 4317, 4318) defaults. */
export const LOCAL_TRACING_PORTS: TracingPorts = {
  zipkin: 19411,
  jaegerQuery: 19686,
  jaegerQueryGrpc: 19685,
  jaegerOtlpGrpc: 19317,
  jaegerOtlpHttp: 19318,
  jaegerZipkin: 19412,
  jaegerHealth: 19133,
  spanFilter: 19413,
};

/** TRACING from the environment (make passes its command-line variables through); default `zipkin`. */
export function tracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): TracingBackend {
  const value = env.TRACING?.trim().toLowerCase() || 'zipkin';
  if (!(TRACING_BACKENDS as readonly string[]).includes(value)) throw new Error(`TRACING=${value} is not a tracing backend: choose one of ${TRACING_BACKENDS.join(', ')}`);
  return value as TracingBackend;
}

/** The Zipkin server jar scripts/install-observability.sh fetched from Maven Central (outside the repo). */
export const zipkinJar = path.join(cacheRoot, 'zipkin', versions.ZIPKIN_VERSION ?? 'unknown', `zipkin-server-${versions.ZIPKIN_VERSION ?? 'unknown'}-exec.jar`);
/** The Jaeger v2 binary scripts/install-observability.sh built from its Go module. */
export const jaegerBinary = path.join(cacheRoot, 'jaeger', versions.JAEGER_MODULE_VERSION ?? 'unknown', 'bin', 'jaeger');

export interface RunningTracing {
  backend: TracingBackend;
  processes: ManagedProcess[];
  /** Where a person looks at the traces. */
  uiUrl?: string;
  /** Where the sidecars send spans in Zipkin's format (the Configuration's tracing.zipkin.endpointAddress); '' for none. */
  sidecarZipkinEndpoint: string;
  /** OTEL_* variables for every app. */
  appEnv: Record<string, string>;
  /** The query API the tests read traces from. */
  queryUrl?: string;
  /** Resolves once the backend accepts spans (a JVM takes a while: the platform starts other things meanwhile). */
  ready: Promise<void>;
}

export const NO_TRACING: RunningTracing = { backend: 'none', processes: [], sidecarZipkinEndpoint: '', appEnv: { OTEL_TRACES_EXPORTER: 'none' }, ready: Promise.resolve() };

/** Starts the chosen backend on loopback with in-memory storage; `ready` resolves once it accepts spans. */
export function startTracing(backend: TracingBackend, ports: TracingPorts, dataDir: string, logDir: string): RunningTracing {
  if (backend === 'zipkin') return behindSpanFilter(startZipkin(ports, logDir), ports, logDir);
  if (backend === 'jaeger') return behindSpanFilter(startJaeger(ports, dataDir, logDir), ports, logDir);
  return NO_TRACING;
}

/**
 * Every span in Zipkin's format (the sidecars', and the apps' with Zipkin) goes through the span filter, which drops
 * credentials daprd writes into spans (a refused `dapr-api-token`): see span-filter.ts. The apps' OTLP spans (Jaeger)
 * go straight to the backend; the apps record no request headers.
 */
function behindSpanFilter(tracing: RunningTracing, ports: Pick<TracingPorts, 'spanFilter'>, logDir: string): RunningTracing {
  const filter = spawnSpanFilter({ port: ports.spanFilter, upstream: tracing.sidecarZipkinEndpoint, logFile: path.join(logDir, 'span-filter.log') });
  const intake = `http://127.0.0.1:${ports.spanFilter}/api/v2/spans`;
  const appEnv = tracing.appEnv.OTEL_EXPORTER_ZIPKIN_ENDPOINT ? { ...tracing.appEnv, OTEL_EXPORTER_ZIPKIN_ENDPOINT: intake } : tracing.appEnv;
  return {
    ...tracing,
    processes: [...tracing.processes, filter.process],
    sidecarZipkinEndpoint: intake,
    appEnv,
    ready: Promise.all([tracing.ready, filter.ready]).then(() => undefined),
  };
}

/**
 * Zipkin (the official server jar, Java 17) with in-memory storage, bound to 127.0.0.1. Its heap is small: the local
 * platform's traces, not production's. Spans are kept until it stops (MEM_MAX_SPANS caps them).
 */
export function startZipkin(ports: Pick<TracingPorts, 'zipkin'>, logDir: string): RunningTracing {
  if (!existsSync(zipkinJar)) throw new Error(`Zipkin is not installed (${zipkinJar}): run scripts/install-observability.sh (make install does)`);
  const logFile = path.join(logDir, 'zipkin.log');
  const zipkin = spawnLogged({
    name: 'zipkin',
    command: 'java',
    args: [
      '-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
      '-jar', zipkinJar,
      `--armeria.ports[0].port=${ports.zipkin}`,
      '--armeria.ports[0].ip=127.0.0.1',
      '--armeria.ports[0].protocols=http',
      '--logging.level.root=WARN',
      '--spring.main.banner-mode=off',
    ],
    env: { ...process.env, STORAGE_TYPE: 'mem', MEM_MAX_SPANS: '200000', JAVA_OPTS: '' },
    logFile,
  });
  const base = `http://127.0.0.1:${ports.zipkin}`;
  const ready = waitUntilHealthy('zipkin', zipkin, `${base}/health`, 120_000);
  const collector = `${base}/api/v2/spans`;
  return {
    backend: 'zipkin',
    processes: [zipkin],
    uiUrl: `${base}/zipkin/`,
    queryUrl: base,
    sidecarZipkinEndpoint: collector,
    appEnv: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector, OTEL_BSP_SCHEDULE_DELAY: '500' },
    ready,
  };
}

/** Jaeger v2's configuration (an OpenTelemetry Collector's): OTLP and Zipkin receivers, in-memory store, query UI. */
export function jaegerConfig(ports: TracingPorts): string {
  return `# Generated by packages/local-platform (tracing.ts): Jaeger v2 on loopback, in-memory storage.
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp, zipkin]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${ports.jaegerHealth}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.jaegerQuery}
    grpc:
      endpoint: 127.0.0.1:${ports.jaegerQueryGrpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 50000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.jaegerOtlpGrpc}
      http:
        endpoint: 127.0.0.1:${ports.jaegerOtlpHttp}
  zipkin:
    endpoint: 127.0.0.1:${ports.jaegerZipkin}
processors:
  batch:
    timeout: 500ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/**
 * Jaeger v2 (built from its Go module) with in-memory storage: the apps export OTLP over HTTP, the sidecars Zipkin's
 * format to its Zipkin receiver (Dapr's Configuration keeps one exporter setting for both backends).
 */
export function startJaeger(ports: TracingPorts, dataDir: string, logDir: string): RunningTracing {
  if (!existsSync(jaegerBinary)) throw new Error(`Jaeger is not built (${jaegerBinary}): run TRACING=jaeger scripts/install-observability.sh`);
  mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'jaeger.yaml');
  writeFileSync(configFile, jaegerConfig(ports));
  const logFile = path.join(logDir, 'jaeger.log');
  const jaeger = spawnLogged({ name: 'jaeger', command: jaegerBinary, args: ['--config', `file:${configFile}`], logFile });
  const ready = waitUntilHealthy('jaeger', jaeger, `http://127.0.0.1:${ports.jaegerHealth}/status`, 60_000);
  const query = `http://127.0.0.1:${ports.jaegerQuery}`;
  return {
    backend: 'jaeger',
    processes: [jaeger],
    // Jaeger's web UI is not in its Go module (only a placeholder page is): what a person can open is the query API.
    uiUrl: `${query}/api/traces?service=gateway&lookback=1h&limit=20`,
    queryUrl: query,
    sidecarZipkinEndpoint: `http://127.0.0.1:${ports.jaegerZipkin}/api/v2/spans`,
    appEnv: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${ports.jaegerOtlpHttp}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: '500' },
    ready,
  };
}

async function waitUntilHealthy(name: string, process: ManagedProcess, url: string, timeoutMs: number): Promise<void> {
  try {
    await waitUntil(name, async () => {
      if (!isAlive(process.pid)) throw Object.assign(new Error(`${name} exited`), { name: 'StartFailed' });
      return (await httpStatus(url)) === 200;
    }, timeoutMs, 500);
  } catch (error) {
    await stopProcess(process.pid, 5_000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail(process.logFile)}`);
  }
}
