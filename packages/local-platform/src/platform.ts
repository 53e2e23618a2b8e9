import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LOCAL_BROKER_PORTS, stopInReverse } from './brokers/broker';
import { startBroker, type BrokerPorts } from './brokers/start-broker';
import { addScopes, renderAppConfiguration, renderDirectories, renderFile } from './components';
import { startPlacement, startScheduler, startSentry, type PlacementPorts, type SchedulerPorts, type SentryPorts } from './control-plane';
import { repoRoot } from './paths';
import { freePort, freePorts, httpStatus, isPortOpen, waitUntil } from './ports';
import { ensureServiceDatabases, postgresDataDir, startPostgres, type ServiceDatabase } from './postgres';
import { DEFAULT_PROFILE, describeProfile, profileDirectories, type ComponentProfile } from './profiles';
import { isAlive, recordOf, spawnLogged, stopProcess, stopRecordedProcess, tail, type ManagedProcess, type RecordedProcess, type SpawnOptions } from './processes';
import { identityOf, isRecordedProcessAlive, readProcessStat } from './process-identity';
import { Supervisor, supervisorLog, type SupervisedUnit } from './supervisor';
import { startMessageSink } from './message-sink';
import { alertmanagerBinary, ALERTMANAGER_INSTALL_HINT, startAlertmanager } from './alertmanager';
import { prometheusBinary, startPrometheus, PROMETHEUS_INSTALL_HINT } from './prometheus';
import { redisUrlWithPassword, startRedis } from './redis';
import { operationsPort, readRunFile, type RunFile, type RunFileApp } from './run-file';
import { ensureLocalSecrets, secretsRevision } from './secrets';
import { startSidecar, waitForSidecarReady, type SidecarSpec } from './sidecar';
import { LOCAL_TRACING_PORTS, NO_TRACING, startTracing, type RunningTracing, type TracingBackend, type TracingPorts } from './tracing';

export interface InfrastructurePorts {
  postgres: number;
  redis: number;
  smtpSink: number;
  smsSink: number;
  sentry: SentryPorts;
  placement: PlacementPorts;
  scheduler: SchedulerPorts;
  /** Used only by the broker the profile chooses. */
  brokers: BrokerPorts;
  /** Prometheus' web UI and API (scrapes every app and daprd). */
  prometheus: number;
  /** Alertmanager's web UI and API (Prometheus sends it the alerts that fire). */
  alertmanager: number;
  /** Used only by the tracing backend chosen (TRACING). */
  tracing: TracingPorts;
}

/**
 * The local profile's fixed ports: never the system defaults (5432, 6379, Dapr's 50005/50006, 8080/9090 for health),
 * and all below 20000: under the kernel's ephemeral range (32768+), where an outgoing connection could hold one, and
 * under the range tests draw free ports from (20000-32767), so `make test` runs beside `make up`.
 */
export const LOCAL_INFRASTRUCTURE_PORTS: InfrastructurePorts = {
  postgres: 15432,
  redis: 16379,
  smtpSink: 12525,
  smsSink: 12526,
  sentry: { port: 16040, healthzPort: 16041, metricsPort: 16042 },
  placement: { port: 16050, healthzPort: 16051, metricsPort: 16052, raftPort: 16053 },
  scheduler: { port: 16060, healthzPort: 16061, metricsPort: 16062, etcdClientPort: 16063, etcdPeerPort: 16064 },
  brokers: LOCAL_BROKER_PORTS,
  prometheus: 19090,
  alertmanager: 19093,
  tracing: LOCAL_TRACING_PORTS,
};

export async function freeInfrastructurePorts(): Promise<InfrastructurePorts> {
  const [postgres, redis, smtpSink, smsSink, p1, p2, p3, p4, s1, s2, s3, s4, s5, c1, c2, c3] = (await freePorts(16)) as number[] as [
    number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [amqp, distribution, epmd, natsClient, natsMonitor, kafkaBroker, kafkaController, prometheus] = (await freePorts(8)) as [
    number, number, number, number, number, number, number, number,
  ];
  const [zipkin, jaegerQuery, jaegerQueryGrpc, jaegerOtlpGrpc, jaegerOtlpHttp, jaegerZipkin, jaegerHealth, alertmanager, spanFilter] = (await freePorts(9)) as [
    number, number, number, number, number, number, number, number, number,
  ];
  return {
    prometheus,
    alertmanager,
    postgres,
    redis,
    smtpSink,
    smsSink,
    sentry: { port: c1, healthzPort: c2, metricsPort: c3 },
    placement: { port: p1, healthzPort: p2, metricsPort: p3, raftPort: p4 },
    scheduler: { port: s1, healthzPort: s2, metricsPort: s3, etcdClientPort: s4, etcdPeerPort: s5 },
    brokers: {
      rabbitmq: { amqp, distribution, epmd },
      nats: { client: natsClient, monitor: natsMonitor },
      kafka: { broker: kafkaBroker, controller: kafkaController },
    },
    tracing: { zipkin, jaegerQuery, jaegerQueryGrpc, jaegerOtlpGrpc, jaegerOtlpHttp, jaegerZipkin, jaegerHealth, spanFilter },
  };
}

export const DEFAULT_RUN_FILE = path.join(repoRoot, 'dapr.yaml');
const POSTGRES_SUPERUSER_PASSWORD = 'shop-local-superuser';

export interface PlatformOptions {
  runtimeDir: string;
  runFile?: RunFile;
  ports?: InfrastructurePorts;
  /** Give every app and sidecar a free port instead of the run file's (tests run beside `make up`). */
  freeAppPorts?: boolean;
  /** Apps that only this run needs (a test's event probe); they are added to every component's scopes. */
  extraApps?: RunFileApp[];
  /** Only these apps of the run file (all when absent). */
  onlyApps?: string[];
  /** Extra environment per app id, over the run file's (a test shortening a retention period). */
  envOverrides?: Record<string, Record<string, string>>;
  /** Which broker, actor state store and secret store the sidecars get (default: Redis Streams, Postgres, file). */
  profile?: ComponentProfile;
  progress?: (line: string) => void;
  readinessTimeoutMs?: number;
  /**
   * Start Prometheus and Alertmanager: `auto` (default) each when its binary is installed, `required` fails without
   * them, `off` never.
   */
  prometheus?: 'auto' | 'required' | 'off';
  /** Where spans go: Zipkin, Jaeger, or nowhere (default: none; `make up` and the integration suite pick TRACING). */
  tracing?: TracingBackend;
  /** Restart an app or sidecar that dies unasked, with backoff (default on; see supervisor.ts). */
  supervise?: boolean;
  /**
   * This process stays up to supervise the platform (`make up`'s runner): recorded in platform.json, so `make down`
   * asks it to stop everything and `make up` can tell a running platform from a stale record.
   */
  recordRunner?: boolean;
}

/** Infrastructure the platform can stop and start again: its processes and how to stop them cleanly. */
interface RunningInfrastructure {
  processes: ManagedProcess[];
  stop: () => Promise<void>;
}

export interface RunningApp extends RunFileApp {
  appProcess: ManagedProcess;
  sidecar: ManagedProcess;
  /** How to start each again (chaos tests kill and restart them). */
  appSpawn: SpawnOptions;
  sidecarSpec: SidecarSpec;
}

export interface PlatformState {
  runtimeDir: string;
  ports: InfrastructurePorts;
  /** `opsPort`: where the app serves /metrics and its full /readyz (its app port, except the gateway's). */
  apps: { appID: string; appPort: number; opsPort?: number; daprHTTPPort: number; daprApiToken: string }[];
  /** Prometheus' URL when this run started one. */
  prometheusUrl?: string;
  /** Alertmanager's URL when this run started one. */
  alertmanagerUrl?: string;
  processes: RecordedProcess[];
  /** The tracing backend of this run: its UI for people, its query API for tests. */
  tracing?: { backend: TracingBackend; uiUrl?: string; queryUrl?: string };
  /** The process that started the platform and supervises it, when it stays up for that (`make up`'s runner). */
  runner?: RecordedProcess;
  /** Every app and sidecar answered ready once (`make up` returns then). */
  ready?: boolean;
}

/**
 * The whole platform on one machine, without Docker: Postgres and Redis, placement and scheduler, and for each app of
 * the run file its process and its daprd. Processes live in their own process groups and are recorded in
 * `<runtimeDir>/platform.json`, so `make down` can stop them from another shell.
 */
export class Platform {
  /** Restarts apps and sidecars that die unasked (absent when the platform runs unsupervised). */
  private supervisor: Supervisor | undefined;

  /** Infrastructure that can be stopped and started again (chaos tests stop a broker and bring it back). */
  private readonly restartable = new Map<string, { running: RunningInfrastructure; start: () => Promise<RunningInfrastructure> }>();

  private constructor(
    readonly state: PlatformState,
    readonly apps: RunningApp[],
    private readonly processes: ManagedProcess[],
    /** The process that carries pub/sub for this run's profile. */
    readonly brokerProcess = 'redis',
  ) {}

  static stateFile = (runtimeDir: string) => path.join(runtimeDir, 'platform.json');

  static async start(options: PlatformOptions): Promise<Platform> {
    const progress = options.progress ?? (() => undefined);
    const runFile = options.runFile ?? readRunFile(DEFAULT_RUN_FILE);
    const ports = options.ports ?? LOCAL_INFRASTRUCTURE_PORTS;
    const runtimeDir = options.runtimeDir;
    const logDir = path.join(runtimeDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const processes: ManagedProcess[] = [];
    const profile = options.profile ?? DEFAULT_PROFILE;
    const platform = new Platform({ runtimeDir, ports, apps: [], processes: [] }, [], processes, profile.broker);
    const track = (process: ManagedProcess) => {
      processes.push(process);
      platform.state.processes.push(recordOf(process));
      platform.saveState();
      return process;
    };
    const trackRestartable = async (name: string, start: () => Promise<RunningInfrastructure>) => {
      const running = await start();
      running.processes.forEach(track);
      platform.restartable.set(name, { running, start });
    };

    if (options.recordRunner) {
      const identity = identityOf(process.pid);
      platform.state.runner = { name: 'runner', pid: process.pid, logFile: path.join(logDir, 'runner.log'), ...identity };
      platform.saveState();
    }
    try {
      const secretsFile = localSecretsFile(runtimeDir);
      const redisPassword = ensureLocalSecrets(secretsFile)['redis-password']!;
      const apps = await resolveApps(runFile, options, ports, redisPassword);
      await assertPortsFree(ports, apps, options.tracing ?? 'none');

      const orderDatabaseUrl = apps.find((app) => app.appID === 'order')?.env.DATABASE_URL;
      if (!orderDatabaseUrl) throw new Error('the run file has no order app with a DATABASE_URL (the actor state store lives in its database)');
      progress(`component profile: ${describeProfile(profile)}`);

      // The tracing backend (a JVM for Zipkin) starts first and warms up while the rest starts; the apps wait for it.
      let tracing: RunningTracing = NO_TRACING;
      if ((options.tracing ?? 'none') !== 'none') {
        tracing = startTracing(options.tracing!, ports.tracing, path.join(runtimeDir, options.tracing!), logDir);
        tracing.processes.forEach(track);
        // Never an unhandled rejection while the rest starts: awaited before the apps.
        tracing.ready.catch(() => undefined);
        progress(`${tracing.backend} (tracing) starting on 127.0.0.1: ${tracing.uiUrl ?? ''}`);
        platform.state.tracing = { backend: tracing.backend, ...(tracing.uiUrl ? { uiUrl: tracing.uiUrl } : {}), ...(tracing.queryUrl ? { queryUrl: tracing.queryUrl } : {}) };
      }

      progress(`postgres on 127.0.0.1:${ports.postgres}`);
      track(await startPostgres({ dataDir: postgresDataDir(runtimeDir), port: ports.postgres, logFile: path.join(logDir, 'postgres.log'), superuserPassword: POSTGRES_SUPERUSER_PASSWORD }));
      await ensureServiceDatabases(ports.postgres, POSTGRES_SUPERUSER_PASSWORD, apps.flatMap(databaseOf));
      progress(`redis on 127.0.0.1:${ports.redis}`);
      await trackRestartable('redis', async () => {
        const redis = await startRedis({ dataDir: path.join(runtimeDir, 'redis'), port: ports.redis, logFile: path.join(logDir, 'redis.log'), password: redisPassword });
        return { processes: [redis], stop: () => stopInReverse([redis], 20_000) };
      });
      let brokerVariables: Record<string, string> = {};
      if (profile.broker !== 'redis') {
        progress(`${profile.broker} (pub/sub broker)`);
        await trackRestartable(profile.broker, async () => {
          const broker = await startBroker(profile.broker, ports.brokers, path.join(runtimeDir, profile.broker), logDir);
          brokerVariables = broker.templateVariables;
          return broker;
        });
      }

      progress(`components and configuration → ${path.relative(repoRoot, runtimeDir) || runtimeDir}`);
      const extraAppIds = options.extraApps?.map((app) => app.appID) ?? [];
      const { componentsDir } = renderLocalProfile(runtimeDir, ports, { extraScopes: extraAppIds, profile, orderDatabaseUrl, variables: brokerVariables, zipkinEndpoint: tracing.sidecarZipkinEndpoint });
      const sidecarSecrets = secretsForSidecars(componentsDir, profile, secretsFile);
      const appConfigFile = renderAppConfigurations(runtimeDir, apps.map((app) => app.appID).filter((id) => !extraAppIds.includes(id)), extraAppIds, tracing.sidecarZipkinEndpoint);
      progress(`message sink: smtp on 127.0.0.1:${ports.smtpSink}, http on 127.0.0.1:${ports.smsSink}`);
      track(await startMessageSink({ smtpPort: ports.smtpSink, httpPort: ports.smsSink, logFile: path.join(logDir, 'message-sink.log') }));
      progress(`dapr sentry (mTLS certificate authority) on :${ports.sentry.port}`);
      const sentry = await startSentry(ports.sentry, path.join(runtimeDir, 'sentry', 'certs'), logDir);
      track(sentry.process);
      progress(`dapr placement on :${ports.placement.port}, scheduler on :${ports.scheduler.port}`);
      track(await startPlacement(ports.placement, logDir, sentry.mtls));
      track(await startScheduler(ports.scheduler, path.join(runtimeDir, 'scheduler'), logDir, sentry.mtls));

      await tracing.ready;
      if (tracing.backend !== 'none') progress(`${tracing.backend}: ready`);
      for (const app of apps) {
        progress(`${app.appID}: app on :${app.appPort}, daprd http :${app.daprHTTPPort}`);
        // Fresh per start: the app must present one to its sidecar, the sidecar the other to its app.
        const tokens = { daprApiToken: randomBytes(24).toString('hex'), appApiToken: randomBytes(24).toString('hex') };
        const appSpawn: SpawnOptions = {
          name: app.appID,
          command: app.command[0]!,
          args: app.command.slice(1),
          cwd: app.appDirPath,
          env: { ...process.env, ...tracing.appEnv, ...app.env, DAPR_API_TOKEN: tokens.daprApiToken, APP_API_TOKEN: tokens.appApiToken },
          logFile: path.join(logDir, `${app.appID}.log`),
        };
        const sidecarSpec: SidecarSpec = {
          appId: app.appID,
          appPort: app.appPort,
          httpPort: app.daprHTTPPort,
          grpcPort: app.daprGRPCPort,
          internalGrpcPort: app.daprInternalGRPCPort,
          metricsPort: app.metricsPort,
          resourcesPath: componentsDir,
          configFile: appConfigFile(app.appID),
          placementAddress: `127.0.0.1:${ports.placement.port}`,
          schedulerAddress: `127.0.0.1:${ports.scheduler.port}`,
          logDir,
          logLevel: runFile.logLevel,
          tokens,
          mtls: sentry.mtls,
          env: sidecarSecrets(app.appID),
        };
        const appProcess = track(spawnLogged(appSpawn));
        const sidecar = track(startSidecar(sidecarSpec));
        platform.apps.push({ ...app, appProcess, sidecar, appSpawn, sidecarSpec });
        platform.state.apps.push({ appID: app.appID, appPort: app.appPort, opsPort: operationsPort(app), daprHTTPPort: app.daprHTTPPort, daprApiToken: tokens.daprApiToken });
      }
      platform.saveState();
      // A test's extra apps (probes) serve no /metrics: only their sidecars are scraped.
      await platform.startPrometheus(options.prometheus ?? 'auto', apps, extraAppIds, progress, logDir);
      await platform.waitUntilReady(options.readinessTimeoutMs ?? 120_000, progress);
      if (options.supervise ?? true) platform.supervise(path.join(logDir, 'supervisor.log'), progress);
      platform.state.ready = true;
      platform.saveState();
      return platform;
    } catch (error) {
      await platform.stop();
      throw error;
    }
  }

  /** Prometheus scraping every app's /metrics, every daprd and the control plane, on 127.0.0.1. */
  private async startPrometheus(mode: 'auto' | 'required' | 'off', apps: RunFileApp[], extraAppIds: string[], progress: (line: string) => void, logDir: string): Promise<void> {
    if (mode === 'off') return;
    const binary = prometheusBinary();
    if (!binary) {
      if (mode === 'required') throw new Error(`prometheus is not installed; install it with: ${PROMETHEUS_INSTALL_HINT}`);
      progress(`prometheus is not installed, metrics are not scraped (${PROMETHEUS_INSTALL_HINT})`);
      return;
    }
    const { ports, runtimeDir } = this.state;
    const alertmanager = await this.startAlertmanager(mode, progress, logDir);
    progress(`prometheus on http://127.0.0.1:${ports.prometheus}`);
    const prometheus = await startPrometheus({
      binary,
      dir: path.join(runtimeDir, 'prometheus'),
      port: ports.prometheus,
      ...(alertmanager ? { alertmanager } : {}),
      logFile: path.join(logDir, 'prometheus.log'),
      targets: {
        apps: apps.filter((app) => !extraAppIds.includes(app.appID)).map((app) => ({ appID: app.appID, port: operationsPort(app) })),
        daprd: apps.map((app) => ({ appID: app.appID, port: app.metricsPort })),
        controlPlane: [
          { component: 'sentry', port: ports.sentry.metricsPort },
          { component: 'placement', port: ports.placement.metricsPort },
          { component: 'scheduler', port: ports.scheduler.metricsPort },
        ],
      },
    });
    this.processes.push(prometheus);
    this.state.processes.push(recordOf(prometheus));
    this.state.prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
    this.saveState();
  }

  /** Alertmanager, emailing on-call through the local SMTP sink; returns its host:port for Prometheus. */
  private async startAlertmanager(mode: 'auto' | 'required', progress: (line: string) => void, logDir: string): Promise<string | undefined> {
    const binary = alertmanagerBinary();
    if (!binary) {
      if (mode === 'required') throw new Error(`alertmanager is not installed; install it with: ${ALERTMANAGER_INSTALL_HINT}`);
      progress(`alertmanager is not installed, alerts are evaluated but sent nowhere (${ALERTMANAGER_INSTALL_HINT})`);
      return undefined;
    }
    const { ports, runtimeDir } = this.state;
    progress(`alertmanager on http://127.0.0.1:${ports.alertmanager}`);
    const alertmanager = await startAlertmanager({
      binary,
      dir: path.join(runtimeDir, 'alertmanager'),
      port: ports.alertmanager,
      smtpPort: ports.smtpSink,
      logFile: path.join(logDir, 'alertmanager.log'),
    });
    this.processes.push(alertmanager);
    this.state.processes.push(recordOf(alertmanager));
    this.state.alertmanagerUrl = `http://127.0.0.1:${ports.alertmanager}`;
    this.saveState();
    return `127.0.0.1:${ports.alertmanager}`;
  }

  app(appID: string): RunningApp {
    const app = this.apps.find((a) => a.appID === appID);
    if (!app) throw new Error(`no app ${appID} in this platform`);
    return app;
  }

  private async waitUntilReady(timeoutMs: number, progress: (line: string) => void): Promise<void> {
    for (const app of this.apps) {
      await waitUntil(`${app.appID} and its sidecar`, async () => {
        if (!isAlive(app.appProcess.pid)) throw new StartFailed(`${app.appID} exited:\n${tail(app.appProcess.logFile)}`);
        if (!isAlive(app.sidecar.pid)) throw new StartFailed(`${app.appID}'s daprd exited:\n${tail(app.sidecar.logFile)}`);
        return (await httpStatus(`http://127.0.0.1:${operationsPort(app)}/readyz`)) === 200;
      }, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${app.appID} log ---\n${tail(app.appProcess.logFile, 15)}\n--- daprd log ---\n${tail(app.sidecar.logFile, 15)}`);
      });
      await waitForSidecarReady(app.sidecar, app.daprHTTPPort, timeoutMs);
      progress(`${app.appID}: ready`);
    }
  }

  /** Kills an app or its sidecar outright (SIGKILL, no graceful stop): a crash, for chaos tests. */
  async crash(appID: string, part: 'app' | 'sidecar'): Promise<void> {
    const app = this.app(appID);
    await stopProcess((part === 'app' ? app.appProcess : app.sidecar).pid, 0, 'SIGKILL');
  }

  /** Starts a crashed (or live) app or sidecar again with the same ports and settings; resolves once both answer ready. */
  async restart(appID: string, part: 'app' | 'sidecar', timeoutMs = 60_000): Promise<void> {
    const app = this.app(appID);
    await this.exclusive(app, part, false, async () => {
      const previous = part === 'app' ? app.appProcess : app.sidecar;
      // A restart of a live process stops it first: two copies would fight over its port, and one would go untracked.
      if (isAlive(previous.pid)) await stopProcess(previous.pid, 10_000);
      this.respawn(app, part);
    });
    await waitUntil(`${appID} after restart`, async () => (await httpStatus(`http://127.0.0.1:${operationsPort(app)}/readyz`)) === 200, timeoutMs);
    await waitForSidecarReady(app.sidecar, app.daprHTTPPort, timeoutMs);
  }

  /** Stops an app or sidecar on purpose (an outage a test needs): the supervisor leaves it down until `restart`. */
  async hold(appID: string, part: 'app' | 'sidecar'): Promise<void> {
    const app = this.app(appID);
    await this.exclusive(app, part, true, () => stopProcess((part === 'app' ? app.appProcess : app.sidecar).pid, 10_000));
  }

  /** Restarts every app and sidecar that is down now, without waiting out a backoff; returns their names. */
  async restartDown(): Promise<string[]> {
    return this.supervisor ? this.supervisor.restartDownNow() : [];
  }

  private exclusive<T>(app: RunningApp, part: 'app' | 'sidecar', held: boolean, action: () => Promise<T>): Promise<T> {
    return this.supervisor ? this.supervisor.exclusive(unitName(app, part), action, held) : action();
  }

  /** A new instance of an app or sidecar with its settings, recorded in place of the last one. */
  private respawn(app: RunningApp, part: 'app' | 'sidecar'): ManagedProcess {
    const previous = part === 'app' ? app.appProcess : app.sidecar;
    const next = part === 'app' ? spawnLogged(app.appSpawn) : startSidecar(app.sidecarSpec);
    if (part === 'app') app.appProcess = next;
    else app.sidecar = next;
    const index = this.processes.indexOf(previous);
    this.processes.splice(index, 1, next);
    this.state.processes.splice(index, 1, recordOf(next));
    this.saveState();
    return next;
  }

  /** From now on an app or sidecar that dies unasked is started again, with backoff; each event is logged. */
  private supervise(logFile: string, progress: (line: string) => void): void {
    const units = this.apps.flatMap((app) =>
      (['app', 'sidecar'] as const).map((part): SupervisedUnit => ({
        name: unitName(app, part),
        current: () => (part === 'app' ? app.appProcess : app.sidecar),
        respawn: () => this.respawn(app, part),
      })),
    );
    this.supervisor = new Supervisor(units, supervisorLog(logFile, progress));
    this.supervisor.start();
  }

  /** Stops infrastructure gracefully (`broker`: whatever carries pub/sub in this profile, Redis by default). */
  async stopInfrastructure(name: string): Promise<void> {
    await this.infrastructure(name).running.stop();
  }

  /** Starts stopped infrastructure again with the same ports and data; resolves once it accepts work. */
  async startInfrastructure(name: string): Promise<void> {
    const unit = this.infrastructure(name);
    const next = await unit.start();
    for (const [index, previous] of unit.running.processes.entries()) {
      const replacement = next.processes[index]!;
      const at = this.processes.indexOf(previous);
      this.processes.splice(at, 1, replacement);
      this.state.processes.splice(at, 1, recordOf(replacement));
    }
    unit.running = next;
    this.saveState();
  }

  private infrastructure(name: string) {
    const unit = this.restartable.get(name === 'broker' ? this.brokerProcess : name);
    if (!unit) throw new Error(`${name} is not infrastructure this platform can stop and start`);
    return unit;
  }

  /**
   * Holds the sidecars' API tokens: readable by its owner only. Written beside and renamed over the last one, so
   * `make up` and `make status`, which read it while the runner writes it, never see half a file.
   */
  saveState(): void {
    const file = Platform.stateFile(this.state.runtimeDir);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  }

  /** Apps first (they drain through their sidecars), then sidecars, then the control plane and the stores. */
  async stop(): Promise<void> {
    this.supervisor?.stop();
    await Platform.stopRecorded(this.state.processes);
    rmSync(Platform.stateFile(this.state.runtimeDir), { force: true });
  }

  /**
   * Stops recorded processes in order. A record with an identity is signalled only while its pid is still that
   * process (see process-identity.ts); one without (written by an older runner) as before.
   */
  static async stopRecorded(processes: RecordedProcess[]): Promise<void> {
    // Apps and Prometheus, sidecars, control plane, CA, then stores and brokers (which the sidecars drain into), epmd last.
    // The tracing backend goes with the control plane, after the sidecars and apps have flushed their last spans.
    const stages = [[] as string[], ['scheduler', 'placement', 'zipkin', 'jaeger', 'span-filter'], ['sentry'], ['redis', 'postgres', 'rabbitmq', 'nats', 'kafka'], ['rabbitmq-epmd']];
    const order = (name: string) => (name.endsWith('-daprd') ? 0.5 : Math.max(0, stages.findIndex((names) => names.includes(name))));
    for (const stage of [0, 0.5, 1, 2, 3, 4]) {
      await Promise.all(processes.filter((p) => order(p.name) === stage).map((p) => {
        const graceMs = stage >= 3 ? 20_000 : 10_000;
        return p.bootId ? stopRecordedProcess(p, graceMs) : stopProcess(p.pid, graceMs, p.stopSignal);
      }));
    }
  }

  /**
   * Stops what `<runtimeDir>/platform.json` records and is still running; returns the names it stopped. A runner that
   * supervises the platform is asked first (it stops everything itself, so that it restarts nothing meanwhile).
   * Processes that are no longer the ones recorded (a reboot, a reused pid) are left alone.
   */
  static async stopFromState(runtimeDir: string): Promise<string[]> {
    const file = Platform.stateFile(runtimeDir);
    if (!existsSync(file)) return [];
    const state = JSON.parse(readFileSync(file, 'utf8')) as PlatformState;
    const running = Platform.runningProcesses(state, statSync(file).mtimeMs);
    if (state.runner && isRecordedProcessAlive(state.runner)) await stopRecordedProcess(state.runner, 120_000);
    await Platform.stopRecorded(running);
    rmSync(file, { force: true });
    return [...(state.runner && running.length ? ['runner'] : []), ...running.map((p) => p.name)];
  }

  /**
   * The recorded processes that are still the ones recorded. Records from an older runner carry no identity: they
   * are trusted only when the file was written during this boot and the pid leads its own process group (as every
   * process the runner starts does) and started before the file was last written.
   */
  static runningProcesses(state: PlatformState, writtenAtMs: number): RecordedProcess[] {
    return state.processes.filter((p) => (p.bootId ? isRecordedProcessAlive(p) : startedBefore(p.pid, writtenAtMs)));
  }

  /** The runner supervising this state's platform, when it is alive (and is the one recorded). */
  static runnerAlive(state: PlatformState): boolean {
    return state.runner !== undefined && isRecordedProcessAlive(state.runner);
  }

  static readState(runtimeDir: string): PlatformState | undefined {
    const file = Platform.stateFile(runtimeDir);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PlatformState) : undefined;
  }
}

export interface ProfileRendering {
  /** App ids (a test's probe, the component tests' sidecar) added to every component's scopes. */
  extraScopes?: string[];
  profile?: ComponentProfile;
  /** Order's database: the Postgres actor state store keeps the workflows there. */
  orderDatabaseUrl: string;
  /** More placeholders (the broker's address). */
  variables?: Record<string, string>;
  /** Where the sidecars send spans (Zipkin's API); empty: no tracing exporter. */
  zipkinEndpoint?: string;
}

/**
 * The local components (components/local plus the chosen profiles) and the shared Configuration with this run's
 * addresses filled in, under the runtime folder, plus the generated secrets file the file secret store points at.
 */
export function renderLocalProfile(runtimeDir: string, ports: InfrastructurePorts, rendering: ProfileRendering): { componentsDir: string; configFile: string } {
  const secretsFile = localSecretsFile(runtimeDir);
  const secrets = ensureLocalSecrets(secretsFile);
  const variables = {
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(ports.redis),
    REDIS_PASSWORD: secrets['redis-password']!,
    SMTP_PORT: String(ports.smtpSink),
    SMS_SINK_PORT: String(ports.smsSink),
    SECRETS_FILE: secretsFile,
    SECRETS_REVISION: secretsRevision(secretsFile),
    NAME_RESOLUTION_DB: nameResolutionDb(runtimeDir),
    ORDER_DATABASE_URL: rendering.orderDatabaseUrl,
    ZIPKIN_ENDPOINT: rendering.zipkinEndpoint ?? '',
    ...rendering.variables,
  };
  const componentsDir = path.join(runtimeDir, 'components');
  const configFile = path.join(runtimeDir, 'config.yaml');
  const sources = [path.join(repoRoot, 'components', 'local'), ...profileDirectories(rendering.profile ?? DEFAULT_PROFILE)];
  renderDirectories(sources, componentsDir, variables);
  // The components carry the Redis password: readable by the sidecars' user only.
  chmodSync(componentsDir, 0o700);
  renderFile(path.join(repoRoot, 'components', 'config', 'local.yaml'), configFile, variables);
  if (rendering.extraScopes?.length) addScopes(componentsDir, rendering.extraScopes);
  return { componentsDir, configFile };
}

/**
 * With SECRETS=env the secret store reads `SHOP_SECRET_<name>` from its sidecar's environment: the runner passes the
 * local secrets to the sidecars the secret store is scoped to, and to no other.
 */
function secretsForSidecars(componentsDir: string, profile: ComponentProfile, secretsFile: string): (appId: string) => Record<string, string> {
  if (profile.secrets !== 'env') return () => ({});
  const store = parse(readFileSync(path.join(componentsDir, 'secretstore.yaml'), 'utf8')) as { spec: { metadata: { name: string; value: string }[] }; scopes?: string[] };
  const prefix = store.spec.metadata.find((item) => item.name === 'prefix')?.value ?? '';
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
  const environment = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [`${prefix}${name}`, value]));
  return (appId) => (store.scopes?.includes(appId) ? environment : {});
}

/**
 * Each app's Configuration under `<runtimeDir>/config/`: the profile's shared settings plus the app's API allowlist and
 * access control from `components/config/access-control/<app>.yaml`, which every app of the run file must have (deny is
 * the default, so a missing file would be a silent outage). A test's extra apps may be invoked by nobody.
 */
export function renderAppConfigurations(runtimeDir: string, appIds: string[], extraAppIds: string[] = [], zipkinEndpoint = ''): (appId: string) => string {
  const variables = { NAME_RESOLUTION_DB: nameResolutionDb(runtimeDir), ZIPKIN_ENDPOINT: zipkinEndpoint };
  const base = path.join(repoRoot, 'components', 'config', 'local.yaml');
  const target = (appId: string) => path.join(runtimeDir, 'config', `${appId}.yaml`);
  for (const appId of appIds) {
    const accessControl = path.join(ACCESS_CONTROL_DIR, `${appId}.yaml`);
    if (!existsSync(accessControl)) throw new Error(`${appId} has no access control file: create ${path.relative(repoRoot, accessControl)}`);
    renderAppConfiguration(base, accessControl, appId, target(appId), variables);
  }
  for (const appId of extraAppIds) renderAppConfiguration(base, undefined, appId, target(appId), variables);
  return target;
}

/**
 * The shared sidecar Configuration alone (no access control), for a sidecar outside a platform: a test's or a
 * benchmark's. Spans are exported only when a Zipkin endpoint is given.
 */
export function renderSharedConfiguration(target: string, nameResolutionDbFile: string, zipkinEndpoint = ''): string {
  renderFile(path.join(repoRoot, 'components', 'config', 'local.yaml'), target, { NAME_RESOLUTION_DB: nameResolutionDbFile, ZIPKIN_ENDPOINT: zipkinEndpoint });
  return target;
}

const unitName = (app: RunningApp, part: 'app' | 'sidecar') => (part === 'app' ? app.appID : `${app.appID}-daprd`);

/** For a record without identity: a group leader that started during this boot, before `atMs` (see runningProcesses). */
function startedBefore(pid: number, atMs: number): boolean {
  const stat = readProcessStat(pid);
  if (!stat || stat.state === 'Z' || stat.pgrp !== pid) return false;
  const bootMs = Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  // USER_HZ: 100 ticks per second on every Linux architecture Node runs on.
  return atMs > bootMs && bootMs + (stat.startTime / 100) * 1000 <= atMs + 1000;
}

const nameResolutionDb = (runtimeDir: string) => path.join(runtimeDir, 'name-resolution.db');

/** The local secret store's file (SECRETS=file reads it; SECRETS=env passes its values to the scoped sidecars). */
export const localSecretsFile = (runtimeDir: string) => path.join(runtimeDir, 'secrets', 'local-secrets.json');

export const ACCESS_CONTROL_DIR = path.join(repoRoot, 'components', 'config', 'access-control');

/** A start that cannot succeed by waiting longer (a process died). */
export class StartFailed extends Error {
  override name = 'StartFailed';
}

/** The run file's apps, each given free ports when asked, with its environment pointing at this run's stores. */
async function resolveApps(runFile: RunFile, options: PlatformOptions, ports: InfrastructurePorts, redisPassword: string): Promise<RunFileApp[]> {
  const selected = runFile.apps.filter((app) => !options.onlyApps || options.onlyApps.includes(app.appID));
  const all = [...selected, ...(options.extraApps ?? [])];
  const resolved: RunFileApp[] = [];
  for (const app of all) {
    const next = { ...app, env: { ...app.env, ...options.envOverrides?.[app.appID] } };
    if (options.freeAppPorts) {
      const [appPort, http, grpc, internal, metrics] = (await freePorts(5)) as [number, number, number, number, number];
      Object.assign(next, { appPort, daprHTTPPort: http, daprGRPCPort: grpc, daprInternalGRPCPort: internal, metricsPort: metrics });
      if (next.env.OPS_PORT) next.env.OPS_PORT = String(await freePort());
    } else if (app.appID === 'gateway' && process.env.GATEWAY_PORT) {
      next.appPort = Number(process.env.GATEWAY_PORT);
    }
    next.env.APP_PORT = String(next.appPort);
    next.env.DAPR_HTTP_PORT = String(next.daprHTTPPort);
    next.env.DAPR_GRPC_PORT = String(next.daprGRPCPort);
    // The run file names the local profile's stores; this run's may listen elsewhere.
    for (const [variable, port] of [['DATABASE_URL', ports.postgres], ['REDIS_URL', ports.redis]] as const) {
      if (!next.env[variable]) continue;
      const url = new URL(next.env[variable]);
      url.port = String(port);
      next.env[variable] = url.toString();
    }
    // The gateway's rate limiter gets the Redis password from its environment, never through its sidecar.
    if (next.env.REDIS_URL) next.env.REDIS_URL = redisUrlWithPassword(next.env.REDIS_URL, redisPassword);
    resolved.push(next);
  }
  return resolved;
}

const databaseOf = (app: RunFileApp): ServiceDatabase[] => {
  if (!app.env.DATABASE_URL) return [];
  const url = new URL(app.env.DATABASE_URL);
  const name = url.pathname.replace(/^\//, '');
  if (decodeURIComponent(url.username) !== name) throw new Error(`${app.appID}: DATABASE_URL must use a role named like its database (${name})`);
  return [{ name, password: decodeURIComponent(url.password) }];
};

async function assertPortsFree(ports: InfrastructurePorts, apps: RunFileApp[], tracing: TracingBackend): Promise<void> {
  const wanted = [
    ['postgres', ports.postgres],
    ['redis', ports.redis],
    ['prometheus', ports.prometheus],
    ['alertmanager', ports.alertmanager],
    ['sentry', ports.sentry.port],
    ...Object.entries(ports.brokers).flatMap(([broker, brokerPorts]) => Object.entries(brokerPorts).map(([role, port]) => [`${broker} ${role}`, port] as [string, number])),
    ['placement', ports.placement.port],
    ['placement raft', ports.placement.raftPort],
    ['scheduler', ports.scheduler.port],
    ['scheduler etcd', ports.scheduler.etcdClientPort],
    ...(tracing !== 'none' ? [['span filter', ports.tracing.spanFilter]] : []),
    ...(tracing === 'zipkin' ? [['zipkin', ports.tracing.zipkin]] : []),
    ...(tracing === 'jaeger' ? [['jaeger query', ports.tracing.jaegerQuery], ['jaeger otlp', ports.tracing.jaegerOtlpHttp], ['jaeger zipkin', ports.tracing.jaegerZipkin]] : []),
    ...apps.flatMap((app) => [
      [app.appID, app.appPort],
      ...(operationsPort(app) !== app.appPort ? [[`${app.appID} operations`, operationsPort(app)]] : []),
      [`${app.appID} sidecar`, app.daprHTTPPort],
    ]),
  ] as [string, number][];
  const busy: string[] = [];
  for (const [name, port] of wanted) if (await isPortOpen(port)) busy.push(`${name} (:${port})`);
  if (busy.length) throw new Error(`ports already in use: ${busy.join(', ')}. Is the platform already running (make down)?`);
}
