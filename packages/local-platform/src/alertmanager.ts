import path from 'node:path';
import { renderFile } from './components';
import { commandOnPath, MONITORING_DIR } from './prometheus';
import { httpStatus, waitUntil } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export const ALERTMANAGER_TEMPLATE = path.join(MONITORING_DIR, 'alertmanager.yml');
/** Where the on-call emails go: the platform's local SMTP sink keeps them under this address. */
export const ON_CALL_ADDRESS = 'oncall@shop.local';
export const ALERTMANAGER_INSTALL_HINT = 'bash scripts/install-prometheus.sh (or make install-prometheus): the Debian package prometheus-alertmanager, which ships amtool';

/** Renders monitoring/alertmanager.yml for this run under `<dir>/alertmanager.yml`, emailing through `smtpPort`. */
export function renderAlertmanagerConfig(dir: string, smtpPort: number): string {
  const configFile = path.join(dir, 'alertmanager.yml');
  renderFile(ALERTMANAGER_TEMPLATE, configFile, { SMTP_PORT: String(smtpPort) });
  return configFile;
}

/** Debian names the binary prometheus-alertmanager; upstream's tarball names it alertmanager. */
export const alertmanagerBinary = (): string | undefined => commandOnPath('prometheus-alertmanager', 'alertmanager');

export interface AlertmanagerOptions {
  binary: string;
  dir: string;
  port: number;
  smtpPort: number;
  logFile: string;
}

/**
 * A project-owned Alertmanager on 127.0.0.1 (never the package's service on :9093), alone (clustering off: no gossip
 * port), its silences and notification log under the runtime folder. Resolves once it answers ready.
 */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<ManagedProcess> {
  const address = `127.0.0.1:${options.port}`;
  const configFile = renderAlertmanagerConfig(options.dir, options.smtpPort);
  const alertmanager = spawnLogged({
    name: 'alertmanager',
    command: options.binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(options.dir, 'data')}`,
      `--web.listen-address=${address}`,
      `--web.external-url=http://${address}/`,
      '--cluster.listen-address=',
    ],
    logFile: options.logFile,
  });
  await waitUntil('alertmanager', async () => (await httpStatus(`http://${address}/-/ready`)) === 200, 30_000).catch(withLogTail(options.logFile));
  return alertmanager;
}
