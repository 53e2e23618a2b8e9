import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Platform, recordOf, renderSharedConfiguration, startSidecarOnFreePorts, waitForSidecarOutbound, waitForSidecarReady } from '@shop/local-platform';

export interface OwnSidecar {
  httpPort: number;
  /** Where its components live: the test puts them there before the start, and may change them afterwards. */
  componentsDir: string;
  /** A throw-away folder for the test's own files (a secrets file). */
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real daprd for one test file, when the shared component sidecar will not do: it must carry another app id (only
 * `auth` sees the secret store; only an app called `auth` serves the gateway's JWKS), front an app of the test, or have
 * its components changed under it. Its name resolution is its own (or shared with the test's other own sidecars), so
 * no other test's sidecar can reach it.
 * Recorded like a platform, so `shop-platform reap` stops it if the runner dies before `stop()`.
 */
export async function startOwnSidecar(options: {
  appId: string;
  appPort?: number;
  prepare?: (componentsDir: string, dir: string) => void;
  /** A name resolution file shared with the test's other sidecars, so they can invoke each other (none else can). */
  nameResolutionDb?: string;
}): Promise<OwnSidecar> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shop-component-sidecar-'));
  const componentsDir = path.join(dir, 'components');
  mkdirSync(componentsDir);
  options.prepare?.(componentsDir, dir);
  const configFile = path.join(dir, 'config.yaml');
  renderSharedConfiguration(configFile, options.nameResolutionDb ?? path.join(dir, 'name-resolution.db'));
  const { process: sidecar, httpPort } = await startSidecarOnFreePorts({
    appId: options.appId,
    ...(options.appPort ? { appPort: options.appPort } : {}),
    resourcesPath: componentsDir,
    configFile,
    // No actors, workflows or jobs here: without a placement or scheduler address daprd leaves them off.
    placementAddress: '',
    schedulerAddress: '',
    logDir: path.join(dir, 'logs'),
    logLevel: 'info',
  });
  writeFileSync(Platform.stateFile(dir), JSON.stringify({ runtimeDir: dir, processes: [recordOf(sidecar)] }));
  const stop = async () => {
    await Platform.stopRecorded([sidecar]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // With an app, ready means the app channel is up too: invocation answers only from then on.
    await (options.appPort ? waitForSidecarReady(sidecar, httpPort) : waitForSidecarOutbound(sidecar, httpPort));
  } catch (error) {
    await stop();
    throw error;
  }
  return { httpPort, componentsDir, dir, stop };
}
