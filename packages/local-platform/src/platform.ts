import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addScopes, renderDirectory, renderFile } from './components';
import { startPlacement, startScheduler, type PlacementPorts, type SchedulerPorts } from './control-plane';
import { repoRoot } from './paths';
import { freePorts, httpStatus, isPortOpen, waitUntil } from './ports';
import { ensureServiceDatabases, startPostgres, type ServiceDatabase } from './postgres';
import { isAlive, spawnLogged, stopProcess, tail, type ManagedProcess, type SpawnOptions } from './processes';
import { startMessageSink } from './message-sink';
import { startRedis } from './redis';
import { readRunFile, type RunFile, type RunFileApp } from './run-file';
import { ensureLocalSecrets, secretsRevision } from './secrets';
import { startSidecar, waitForSidecarReady, type SidecarSpec } from './sidecar';

export interface InfrastructurePorts {
  postgres: number;
  redis: number;
  smtpSink: number;
  smsSink: number;
  placement: PlacementPorts;
  scheduler: SchedulerPorts;
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
  placement: { port: 16050, healthzPort: 16051, metricsPort: 16052, raftPort: 16053 },
  scheduler: { port: 16060, healthzPort: 16061, metricsPort: 16062, etcdClientPort: 16063, etcdPeerPort: 16064 },
};

export async function freeInfrastructurePorts(): Promise<InfrastructurePorts> {
  const [postgres, redis, smtpSink, smsSink, p1, p2, p3, p4, s1, s2, s3, s4, s5] = (await freePorts(13)) as number[] as [
    number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  return {
    postgres,
    redis,
    smtpSink,
    smsSink,
    placement: { port: p1, healthzPort: p2, metricsPort: p3, raftPort: p4 },
    scheduler: { port: s1, healthzPort: s2, metricsPort: s3, etcdClientPort: s4, etcdPeerPort: s5 },
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
  progress?: (line: string) => void;
  readinessTimeoutMs?: number;
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
  apps: { appID: string; appPort: number; daprHTTPPort: number; daprApiToken: string }[];
  processes: { name: string; pid: number; logFile: string; stopSignal?: NodeJS.Signals }[];
}

/**
 * The whole platform on one machine, without Docker: Postgres and Redis, placement and scheduler, and for each app of
 * the run file its process and its daprd. Processes live in their own process groups and are recorded in
 * `<runtimeDir>/platform.json`, so `make down` can stop them from another shell.
 */
export class Platform {
  private constructor(
    readonly state: PlatformState,
    readonly apps: RunningApp[],
    private readonly processes: ManagedProcess[],
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
    const platform = new Platform({ runtimeDir, ports, apps: [], processes: [] }, [], processes);
    const track = (process: ManagedProcess) => {
      processes.push(process);
      platform.state.processes.push({ name: process.name, pid: process.pid, logFile: process.logFile, ...(process.stopSignal ? { stopSignal: process.stopSignal } : {}) });
      platform.saveState();
      return process;
    };

    try {
      const apps = await resolveApps(runFile, options, ports);
      await assertPortsFree(ports, apps);

      progress(`components and configuration → ${path.relative(repoRoot, runtimeDir) || runtimeDir}`);
      const { componentsDir, configFile } = renderLocalProfile(runtimeDir, ports, options.extraApps?.map((app) => app.appID) ?? []);

      progress(`postgres on 127.0.0.1:${ports.postgres}`);
      track(await startPostgres({ dataDir: path.join(runtimeDir, 'postgres'), port: ports.postgres, logFile: path.join(logDir, 'postgres.log'), superuserPassword: POSTGRES_SUPERUSER_PASSWORD }));
      await ensureServiceDatabases(ports.postgres, POSTGRES_SUPERUSER_PASSWORD, apps.flatMap(databaseOf));
      progress(`redis on 127.0.0.1:${ports.redis}`);
      track(await startRedis({ dataDir: path.join(runtimeDir, 'redis'), port: ports.redis, logFile: path.join(logDir, 'redis.log') }));
      progress(`message sink: smtp on 127.0.0.1:${ports.smtpSink}, http on 127.0.0.1:${ports.smsSink}`);
      track(await startMessageSink({ smtpPort: ports.smtpSink, httpPort: ports.smsSink, logFile: path.join(logDir, 'message-sink.log') }));
      progress(`dapr placement on :${ports.placement.port}, scheduler on :${ports.scheduler.port}`);
      track(await startPlacement(ports.placement, logDir));
      track(await startScheduler(ports.scheduler, path.join(runtimeDir, 'scheduler'), logDir));

      for (const app of apps) {
        progress(`${app.appID}: app on :${app.appPort}, daprd http :${app.daprHTTPPort}`);
        // Fresh per start: the app must present one to its sidecar, the sidecar the other to its app.
        const tokens = { daprApiToken: randomBytes(24).toString('hex'), appApiToken: randomBytes(24).toString('hex') };
        const appSpawn: SpawnOptions = {
          name: app.appID,
          command: app.command[0]!,
          args: app.command.slice(1),
          cwd: app.appDirPath,
          env: { ...process.env, ...app.env, DAPR_API_TOKEN: tokens.daprApiToken, APP_API_TOKEN: tokens.appApiToken },
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
          configFile,
          placementAddress: `127.0.0.1:${ports.placement.port}`,
          schedulerAddress: `127.0.0.1:${ports.scheduler.port}`,
          logDir,
          logLevel: runFile.logLevel,
          tokens,
        };
        const appProcess = track(spawnLogged(appSpawn));
        const sidecar = track(startSidecar(sidecarSpec));
        platform.apps.push({ ...app, appProcess, sidecar, appSpawn, sidecarSpec });
        platform.state.apps.push({ appID: app.appID, appPort: app.appPort, daprHTTPPort: app.daprHTTPPort, daprApiToken: tokens.daprApiToken });
      }
      platform.saveState();
      await platform.waitUntilReady(options.readinessTimeoutMs ?? 120_000, progress);
      return platform;
    } catch (error) {
      await platform.stop();
      throw error;
    }
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
        return (await httpStatus(`http://127.0.0.1:${app.appPort}/readyz`)) === 200;
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

  /** Starts a crashed app or sidecar again with the same ports and settings; resolves once both answer ready. */
  async restart(appID: string, part: 'app' | 'sidecar', timeoutMs = 60_000): Promise<void> {
    const app = this.app(appID);
    const previous = part === 'app' ? app.appProcess : app.sidecar;
    const next = part === 'app' ? spawnLogged(app.appSpawn) : startSidecar(app.sidecarSpec);
    if (part === 'app') app.appProcess = next;
    else app.sidecar = next;
    const index = this.processes.indexOf(previous);
    this.processes.splice(index, 1, next);
    this.state.processes.splice(index, 1, { name: next.name, pid: next.pid, logFile: next.logFile });
    this.saveState();
    await waitUntil(`${appID} after restart`, async () => (await httpStatus(`http://127.0.0.1:${app.appPort}/readyz`)) === 200, timeoutMs);
    await waitForSidecarReady(app.sidecar, app.daprHTTPPort, timeoutMs);
  }

  /** Holds the sidecars' API tokens: readable by its owner only. */
  saveState(): void {
    writeFileSync(Platform.stateFile(this.state.runtimeDir), `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
  }

  /** Apps first (they drain through their sidecars), then sidecars, then the control plane and the stores. */
  async stop(): Promise<void> {
    await Platform.stopRecorded(this.state.processes);
    rmSync(Platform.stateFile(this.state.runtimeDir), { force: true });
  }

  static async stopRecorded(processes: { name: string; pid: number; stopSignal?: NodeJS.Signals }[]): Promise<void> {
    const order = (name: string) => (name.endsWith('-daprd') ? 1 : ['scheduler', 'placement'].includes(name) ? 2 : ['redis', 'postgres'].includes(name) ? 3 : 0);
    for (const stage of [0, 1, 2, 3]) {
      await Promise.all(processes.filter((p) => order(p.name) === stage).map((p) => stopProcess(p.pid, stage === 3 ? 20_000 : 10_000, p.stopSignal)));
    }
  }

  /** Stops what `<runtimeDir>/platform.json` records; returns the names it stopped. */
  static async stopFromState(runtimeDir: string): Promise<string[]> {
    const file = Platform.stateFile(runtimeDir);
    if (!existsSync(file)) return [];
    const state = JSON.parse(readFileSync(file, 'utf8')) as PlatformState;
    const alive = state.processes.filter((p) => isAlive(p.pid));
    await Platform.stopRecorded(state.processes);
    rmSync(file, { force: true });
    return alive.map((p) => p.name);
  }

  static readState(runtimeDir: string): PlatformState | undefined {
    const file = Platform.stateFile(runtimeDir);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PlatformState) : undefined;
  }
}

/**
 * The local profile's components and Configuration with this run's addresses filled in, under the runtime folder,
 * plus the generated secrets file they point at. `extraScopes`: app ids (a test's probe) added to every component.
 */
export function renderLocalProfile(runtimeDir: string, ports: InfrastructurePorts, extraScopes: string[] = []): { componentsDir: string; configFile: string } {
  const secretsFile = path.join(runtimeDir, 'secrets', 'local-secrets.json');
  ensureLocalSecrets(secretsFile);
  const variables = {
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(ports.redis),
    SMTP_PORT: String(ports.smtpSink),
    SMS_SINK_PORT: String(ports.smsSink),
    SECRETS_FILE: secretsFile,
    SECRETS_REVISION: secretsRevision(secretsFile),
    NAME_RESOLUTION_DB: path.join(runtimeDir, 'name-resolution.db'),
  };
  const componentsDir = path.join(runtimeDir, 'components');
  const configFile = path.join(runtimeDir, 'config.yaml');
  renderDirectory(path.join(repoRoot, 'components', 'local'), componentsDir, variables);
  renderFile(path.join(repoRoot, 'components', 'config', 'local.yaml'), configFile, variables);
  if (extraScopes.length) addScopes(componentsDir, extraScopes);
  return { componentsDir, configFile };
}

/** A start that cannot succeed by waiting longer (a process died). */
export class StartFailed extends Error {
  override name = 'StartFailed';
}

/** The run file's apps, each given free ports when asked, with its environment pointing at this run's stores. */
async function resolveApps(runFile: RunFile, options: PlatformOptions, ports: InfrastructurePorts): Promise<RunFileApp[]> {
  const selected = runFile.apps.filter((app) => !options.onlyApps || options.onlyApps.includes(app.appID));
  const all = [...selected, ...(options.extraApps ?? [])];
  const resolved: RunFileApp[] = [];
  for (const app of all) {
    const next = { ...app, env: { ...app.env, ...options.envOverrides?.[app.appID] } };
    if (options.freeAppPorts) {
      const [appPort, http, grpc, internal, metrics] = (await freePorts(5)) as [number, number, number, number, number];
      Object.assign(next, { appPort, daprHTTPPort: http, daprGRPCPort: grpc, daprInternalGRPCPort: internal, metricsPort: metrics });
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

async function assertPortsFree(ports: InfrastructurePorts, apps: RunFileApp[]): Promise<void> {
  const wanted = [
    ['postgres', ports.postgres],
    ['redis', ports.redis],
    ['placement', ports.placement.port],
    ['placement raft', ports.placement.raftPort],
    ['scheduler', ports.scheduler.port],
    ['scheduler etcd', ports.scheduler.etcdClientPort],
    ...apps.flatMap((app) => [
      [app.appID, app.appPort],
      [`${app.appID} sidecar`, app.daprHTTPPort],
    ]),
  ] as [string, number][];
  const busy: string[] = [];
  for (const [name, port] of wanted) if (await isPortOpen(port)) busy.push(`${name} (:${port})`);
  if (busy.length) throw new Error(`ports already in use: ${busy.join(', ')}. Is the platform already running (make down)?`);
}
