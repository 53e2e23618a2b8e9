import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderFile } from './components';
import { repoRoot } from './paths';
import { httpStatus, waitUntil } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export const MONITORING_DIR = path.join(repoRoot, 'monitoring');
export const PROMETHEUS_TEMPLATE = path.join(MONITORING_DIR, 'prometheus.yml');
export const ALERT_RULES = path.join(MONITORING_DIR, 'alerts.yml');
export const PROMETHEUS_INSTALL_HINT = 'bash scripts/install-prometheus.sh (or make install-prometheus): the Debian package prometheus, which ships promtool';

/** One scrape target group of a file_sd file: addresses and the labels every sample from them gets. */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

export interface ScrapeTargets {
  /** Each app's own /metrics, on its app port. */
  apps: { appID: string; port: number }[];
  /** Each daprd's metrics port. */
  daprd: { appID: string; port: number }[];
  /** sentry, placement, scheduler metrics ports. */
  controlPlane: { component: string; port: number }[];
}

export interface RenderedPrometheus {
  configFile: string;
  targetsDir: string;
}

/**
 * Renders monitoring/prometheus.yml for this run under `<dir>/prometheus.yml` and writes its file_sd target files
 * (apps.json, daprd.json, control-plane.json) with this run's ports; alerts go to `alertmanager` (host:port) when given.
 * Used by the platform runner and by the promtool test.
 */
export function renderPrometheusConfig(dir: string, address: string, targets: ScrapeTargets, alertmanager?: string): RenderedPrometheus {
  const targetsDir = path.join(dir, 'targets');
  mkdirSync(targetsDir, { recursive: true });
  const group = (port: number, labels: Record<string, string>): TargetGroup => ({ targets: [`127.0.0.1:${port}`], labels });
  const write = (file: string, groups: TargetGroup[]) => writeFileSync(path.join(targetsDir, file), `${JSON.stringify(groups, null, 2)}\n`);
  write('apps.json', targets.apps.map(({ appID, port }) => group(port, { app: appID })));
  write('daprd.json', targets.daprd.map(({ appID, port }) => group(port, { app: appID })));
  write('control-plane.json', targets.controlPlane.map(({ component, port }) => group(port, { component })));
  const configFile = path.join(dir, 'prometheus.yml');
  renderFile(PROMETHEUS_TEMPLATE, configFile, {
    RULES_FILE: ALERT_RULES,
    TARGETS_DIR: targetsDir,
    PROMETHEUS_ADDRESS: address,
    ALERTMANAGER_TARGETS: alertmanager ? `'${alertmanager}'` : '',
  });
  return { configFile, targetsDir };
}

/** The first of `names` found on PATH, as a full path; undefined when none is installed. */
export function commandOnPath(...names: string[]): string | undefined {
  for (const name of names) {
    try {
      const found = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

/** The prometheus binary on PATH, or undefined (the platform then runs without it and says so). */
export const prometheusBinary = (): string | undefined => commandOnPath('prometheus');

export interface PrometheusOptions {
  binary: string;
  dir: string;
  port: number;
  targets: ScrapeTargets;
  /** The Alertmanager (host:port) alerts are sent to, when the run has one. */
  alertmanager?: string;
  logFile: string;
}

/**
 * A project-owned Prometheus on 127.0.0.1 (never the package's service on :9090), its data under the runtime folder,
 * kept two days. Resolves once it answers ready.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<ManagedProcess> {
  const address = `127.0.0.1:${options.port}`;
  const { configFile } = renderPrometheusConfig(options.dir, address, options.targets, options.alertmanager);
  const prometheus = spawnLogged({
    name: 'prometheus',
    command: options.binary,
    args: [
      `--config.file=${configFile}`,
      `--web.listen-address=${address}`,
      `--storage.tsdb.path=${path.join(options.dir, 'data')}`,
      '--storage.tsdb.retention.time=2d',
      // The Debian package's default console paths; absent ones are fine.
      '--web.console.templates=/etc/prometheus/consoles',
      '--web.console.libraries=/etc/prometheus/console_libraries',
    ],
    logFile: options.logFile,
  });
  await waitUntil('prometheus', async () => (await httpStatus(`http://${address}/-/ready`)) === 200, 30_000).catch(withLogTail(options.logFile));
  return prometheus;
}
