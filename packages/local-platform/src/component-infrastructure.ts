import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPlacement, startScheduler } from './control-plane';
import { Platform, freeInfrastructurePorts, localSecretsFile, renderLocalProfile } from './platform';
import { freePorts } from './ports';
import { ensureServiceDatabases, postgresDataDir, serviceDatabaseUrl, startPostgres } from './postgres';
import { recordOf, type ManagedProcess } from './processes';
import { startMessageSink } from './message-sink';
import { redisUrlWithPassword, startRedis } from './redis';
import { ensureLocalSecrets } from './secrets';
import { startSidecar, waitForSidecarOutbound, type SidecarSpec } from './sidecar';

export interface ComponentInfrastructure {
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/** Services whose component tests get a database of their own (same isolation as the running platform). */
const SERVICES_WITH_DATABASES = ['auth', 'catalog', 'inventory', 'order', 'payment', 'notification', 'user', 'shipping', 'deadletters'];
/** The one sidecar component tests talk to; it runs with no app and is added to every component's scopes. */
export const COMPONENT_SIDECAR_APP_ID = 'component-tests';

/** A daprd for tests: its process, and the ports it answers on. */
export interface TestSidecar {
  process: ManagedProcess;
  httpPort: number;
  grpcPort: number;
}

/** Four free ports, all explicit: daprd's defaults collide between sidecars, and a test's must not meet a running platform's. */
export async function startSidecarOnFreePorts(spec: Omit<SidecarSpec, 'httpPort' | 'grpcPort' | 'internalGrpcPort' | 'metricsPort'>): Promise<TestSidecar> {
  const [httpPort, grpcPort, internalGrpcPort, metricsPort] = (await freePorts(4)) as [number, number, number, number];
  return { process: startSidecar({ ...spec, httpPort, grpcPort, internalGrpcPort, metricsPort }), httpPort, grpcPort };
}

/**
 * What component tests run against: a real Postgres with one database and role per service, a real Redis, and a real
 * daprd loaded with the local profile's components, all on free ports in a throw-away folder.
 */
export async function startComponentInfrastructure(runtimeDir: string): Promise<ComponentInfrastructure> {
  const ports = await freeInfrastructurePorts();
  const logDir = path.join(runtimeDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    await Platform.stopRecorded(processes);
    rmSync(Platform.stateFile(runtimeDir), { force: true });
  };
  // Recorded like a platform, so `shop-platform reap` can stop it if the test runner dies before its teardown.
  const track = (process: ManagedProcess) => {
    processes.push(process);
    writeFileSync(Platform.stateFile(runtimeDir), JSON.stringify({ runtimeDir, processes: processes.map(recordOf) }));
  };
  try {
    const superuserPassword = 'component-tests';
    track(await startPostgres({ dataDir: postgresDataDir(runtimeDir), port: ports.postgres, logFile: path.join(logDir, 'postgres.log'), superuserPassword }));
    const databases = SERVICES_WITH_DATABASES.map((name) => ({ name, password: `${name}-component` }));
    await ensureServiceDatabases(ports.postgres, superuserPassword, databases);
    // The same secret store as a platform's: the rendered components read the Redis password from it.
    const redisPassword = ensureLocalSecrets(localSecretsFile(runtimeDir))['redis-password']!;
    track(await startRedis({ dataDir: path.join(runtimeDir, 'redis'), port: ports.redis, logFile: path.join(logDir, 'redis.log'), password: redisPassword }));
    track(await startMessageSink({ smtpPort: ports.smtpSink, httpPort: ports.smsSink, logFile: path.join(logDir, 'message-sink.log') }));
    track(await startPlacement(ports.placement, logDir));
    track(await startScheduler(ports.scheduler, path.join(runtimeDir, 'scheduler'), logDir));

    const orderDatabaseUrl = serviceDatabaseUrl(ports.postgres, databases.find((database) => database.name === 'order')!);
    const { componentsDir, configFile } = renderLocalProfile(runtimeDir, ports, { extraScopes: [COMPONENT_SIDECAR_APP_ID], orderDatabaseUrl });
    const { process: sidecar, httpPort, grpcPort } = await startSidecarOnFreePorts({
      appId: COMPONENT_SIDECAR_APP_ID,
      resourcesPath: componentsDir,
      configFile,
      placementAddress: `127.0.0.1:${ports.placement.port}`,
      schedulerAddress: `127.0.0.1:${ports.scheduler.port}`,
      logDir,
    });
    track(sidecar);
    await waitForSidecarOutbound(sidecar, httpPort);

    const env: Record<string, string> = {
      COMPONENT_DAPR_HTTP_PORT: String(httpPort),
      COMPONENT_DAPR_GRPC_PORT: String(grpcPort),
      COMPONENT_REDIS_PORT: String(ports.redis),
      COMPONENT_REDIS_PASSWORD: redisPassword,
      COMPONENT_REDIS_URL: redisUrlWithPassword(`redis://127.0.0.1:${ports.redis}`, redisPassword),
      COMPONENT_SMTP_SINK_PORT: String(ports.smtpSink),
      COMPONENT_SMS_SINK_PORT: String(ports.smsSink),
    };
    for (const database of databases) env[`COMPONENT_DATABASE_URL_${database.name.toUpperCase()}`] = serviceDatabaseUrl(ports.postgres, database);
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
