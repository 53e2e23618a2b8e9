import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { daprBinary } from './paths';
import { httpStatus, waitForPort, waitUntil } from './ports';
import { spawnLogged, stopProcess, withLogTail, type ManagedProcess } from './processes';

interface ControlPlanePorts {
  port: number;
  healthzPort: number;
  metricsPort: number;
}

export interface PlacementPorts extends ControlPlanePorts {
  /** Raft peer port; the default (8201) would collide between two platforms on one machine. */
  raftPort: number;
}

export interface SchedulerPorts extends ControlPlanePorts {
  etcdClientPort: number;
  etcdPeerPort: number;
}

export type SentryPorts = ControlPlanePorts;

/**
 * How the control plane and the sidecars prove who they are: sentry's root certificate (the trust anchors) and its
 * address. Every daprd gets a SPIFFE identity (`spiffe://public/ns/default/<app-id>`) from sentry, which is what
 * lets a callee's `accessControl` policy know which app is calling.
 */
export interface MtlsSettings {
  sentryAddress: string;
  trustAnchorsFile: string;
  /** The control plane's trust domain (placement's and the scheduler's identities); apps use `public`. */
  controlPlaneTrustDomain: string;
}

export const CONTROL_PLANE_TRUST_DOMAIN = 'cluster.local';

/**
 * Sentry, the certificate authority. On first start it creates a self-signed root and issuer under `certsDir`
 * (kept across `make up`, so certificates issued before a restart still chain to the same root) and then reloads
 * itself because it watches that folder; starting it once more on a fresh folder avoids serving during that reload.
 */
export async function startSentry(ports: SentryPorts, certsDir: string, logDir: string): Promise<{ process: ManagedProcess; mtls: MtlsSettings }> {
  const logFile = path.join(logDir, 'sentry.log');
  mkdirSync(certsDir, { recursive: true, mode: 0o700 });
  const configFile = path.join(certsDir, '..', 'sentry-config.yaml');
  // The control plane's own Configuration (sentry reads the workload certificate TTL and clock skew from it).
  writeFileSync(
    configFile,
    ['apiVersion: dapr.io/v1alpha1', 'kind: Configuration', 'metadata:', '  name: daprsystem', 'spec:', '  mtls:', '    enabled: true',
      '    workloadCertTTL: "24h"', '    allowedClockSkew: "15m"', ''].join('\n'),
  );
  const trustAnchorsFile = path.join(certsDir, 'ca.crt');
  const spawnSentry = () =>
    spawnLogged({
      name: 'sentry',
      command: daprBinary('sentry'),
      args: [
        '--issuer-credentials', certsDir,
        '--trust-domain', CONTROL_PLANE_TRUST_DOMAIN,
        '--config', configFile,
        ...loopbackPortArgs(ports),
        '--log-level', 'warn',
      ],
      logFile,
    });
  const failed = withLogTail(logFile);
  if (!existsSync(trustAnchorsFile)) {
    const first = spawnSentry();
    await waitUntil('sentry (creating its root certificate)', async () => existsSync(path.join(certsDir, 'issuer.key')), 30_000).catch(failed);
    await stopProcess(first.pid, 10_000);
  }
  const sentry = spawnSentry();
  await waitUntil('sentry', async () => (await httpStatus(`http://127.0.0.1:${ports.healthzPort}/healthz`)) === 200, 30_000).catch(failed);
  return {
    process: sentry,
    mtls: { sentryAddress: `127.0.0.1:${ports.port}`, trustAnchorsFile, controlPlaneTrustDomain: CONTROL_PLANE_TRUST_DOMAIN },
  };
}

/** Every control-plane binary takes the same flags for its API, health and metrics ports, all on loopback. */
const loopbackPortArgs = (ports: ControlPlanePorts): string[] => [
  '--port', String(ports.port),
  '--listen-address', '127.0.0.1',
  '--healthz-port', String(ports.healthzPort),
  '--healthz-listen-address', '127.0.0.1',
  '--metrics-port', String(ports.metricsPort),
  '--metrics-listen-address', '127.0.0.1',
];

/** Placement's and the scheduler's flags for serving mTLS with an identity from sentry. */
const controlPlaneTlsArgs = (mtls: MtlsSettings | undefined): string[] =>
  mtls
    ? ['--tls-enabled', '--trust-domain', mtls.controlPlaneTrustDomain, '--trust-anchors-file', mtls.trustAnchorsFile, '--sentry-address', mtls.sentryAddress]
    : [];

/** Actor placement (used by Dapr Workflow). Its health and metrics ports are moved off 8080/9090, which collide. */
export async function startPlacement(ports: PlacementPorts, logDir: string, mtls?: MtlsSettings): Promise<ManagedProcess> {
  const logFile = path.join(logDir, 'placement.log');
  const placement = spawnLogged({
    name: 'placement',
    command: daprBinary('placement'),
    args: [
      '--id', 'dapr-placement-0',
      '--initial-cluster', `dapr-placement-0=127.0.0.1:${ports.raftPort}`,
      ...loopbackPortArgs(ports),
      ...controlPlaneTlsArgs(mtls),
      '--log-level', 'warn',
    ],
    logFile,
  });
  await waitForPort('placement', ports.port, 30_000).catch(withLogTail(logFile));
  return placement;
}

/** The scheduler (jobs, reminders, workflow timers) with its embedded etcd on loopback and data under the runtime dir. */
export async function startScheduler(ports: SchedulerPorts, dataDir: string, logDir: string, mtls?: MtlsSettings): Promise<ManagedProcess> {
  const logFile = path.join(logDir, 'scheduler.log');
  mkdirSync(dataDir, { recursive: true });
  const id = 'dapr-scheduler-server-0';
  const scheduler = spawnLogged({
    name: 'scheduler',
    command: daprBinary('scheduler'),
    args: [
      '--id', id,
      ...loopbackPortArgs(ports),
      '--override-broadcast-host-port', `127.0.0.1:${ports.port}`,
      '--etcd-data-dir', dataDir,
      '--etcd-client-port', String(ports.etcdClientPort),
      '--etcd-client-listen-address', '127.0.0.1',
      '--etcd-initial-cluster', `${id}=http://127.0.0.1:${ports.etcdPeerPort}`,
      ...controlPlaneTlsArgs(mtls),
      // Where it writes the identity sentry issued it; the default (/tmp/secrets/...) is shared by every scheduler.
      ...(mtls ? ['--identity-directory-write', path.join(dataDir, '..', 'scheduler-identity')] : []),
      '--log-level', 'warn',
    ],
    logFile,
  });
  await waitUntil('scheduler', async () => (await httpStatus(`http://127.0.0.1:${ports.healthzPort}/healthz`)) === 200, 60_000).catch(withLogTail(logFile));
  return scheduler;
}
