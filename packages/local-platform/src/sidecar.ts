import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MtlsSettings } from './control-plane';
import { daprBinary } from './paths';
import { httpStatus, waitUntil } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export interface SidecarSpec {
  appId: string;
  appPort?: number;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  metricsPort: number;
  resourcesPath: string;
  configFile: string;
  placementAddress: string;
  schedulerAddress: string;
  logDir: string;
  logLevel?: string;
  maxBodySize?: string;
  /** DAPR_API_TOKEN (required from the app on every API call) and APP_API_TOKEN (presented to the app). */
  tokens?: { daprApiToken: string; appApiToken: string };
  /** Sidecar-to-sidecar mTLS with an identity from sentry; without it, `accessControl` cannot know the caller. */
  mtls?: MtlsSettings;
  /** Extra environment for daprd (secrets of an environment-variable secret store). */
  env?: Record<string, string>;
}

/** The daprd flags for one app; every port explicit, since daprd's defaults collide between sidecars. */
export function daprdArgs(spec: SidecarSpec): string[] {
  return [
    '--app-id', spec.appId,
    ...(spec.appPort ? ['--app-port', String(spec.appPort), '--app-protocol', 'http', '--app-channel-address', '127.0.0.1'] : []),
    ...(spec.appPort ? ['--enable-app-health-check', '--app-health-check-path', '/healthz', '--app-health-probe-interval', '2'] : []),
    '--dapr-http-port', String(spec.httpPort),
    '--dapr-grpc-port', String(spec.grpcPort),
    '--dapr-internal-grpc-port', String(spec.internalGrpcPort),
    // Sidecar-to-sidecar calls: on every interface unless told (daprd's default), and registered for name resolution
    // under this address, so loopback here also keeps the other sidecars calling 127.0.0.1.
    '--dapr-internal-grpc-listen-address', '127.0.0.1',
    '--dapr-listen-addresses', '127.0.0.1',
    '--metrics-port', String(spec.metricsPort),
    '--metrics-listen-address', '127.0.0.1',
    '--resources-path', spec.resourcesPath,
    '--config', spec.configFile,
    '--placement-host-address', spec.placementAddress,
    '--scheduler-host-address', spec.schedulerAddress,
    ...(spec.mtls ? ['--enable-mtls', '--sentry-address', spec.mtls.sentryAddress, '--control-plane-trust-domain', spec.mtls.controlPlaneTrustDomain] : []),
    '--max-body-size', spec.maxBodySize ?? '4Mi',
    '--log-level', spec.logLevel ?? 'warn',
  ];
}

export function startSidecar(spec: SidecarSpec): ManagedProcess {
  return spawnLogged({
    name: `${spec.appId}-daprd`,
    command: daprBinary('daprd'),
    args: daprdArgs(spec),
    logFile: path.join(spec.logDir, `${spec.appId}-daprd.log`),
    env: {
      ...process.env,
      ...spec.env,
      ...(spec.tokens ? { DAPR_API_TOKEN: spec.tokens.daprApiToken, APP_API_TOKEN: spec.tokens.appApiToken } : {}),
      // daprd takes the root certificate from the environment only (read at each start: sentry may have rotated it).
      ...(spec.mtls ? { DAPR_TRUST_ANCHORS: readFileSync(spec.mtls.trustAnchorsFile, 'utf8') } : {}),
    },
  });
}

/** `/v1.0/healthz/outbound` answers once components are loaded: the app can use the sidecar even before it is ready. */
export async function waitForSidecarOutbound(process: ManagedProcess, httpPort: number, timeoutMs = 60_000): Promise<void> {
  await waitUntil(`${process.name} (outbound)`, async () => (await httpStatus(`http://127.0.0.1:${httpPort}/v1.0/healthz/outbound`)) === 204, timeoutMs).catch(withLogTail(process.logFile));
}

/** `/v1.0/healthz` answers 204 once the sidecar is fully up, including its app channel when it has an app. */
export async function waitForSidecarReady(process: ManagedProcess, httpPort: number, timeoutMs = 60_000): Promise<void> {
  await waitUntil(`${process.name}`, async () => (await httpStatus(`http://127.0.0.1:${httpPort}/v1.0/healthz`)) === 204, timeoutMs).catch(withLogTail(process.logFile));
}
