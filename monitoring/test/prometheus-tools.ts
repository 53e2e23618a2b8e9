import { execFileSync } from 'node:child_process';
import { ALERTMANAGER_INSTALL_HINT } from '../../packages/local-platform/src/alertmanager';
import { PROMETHEUS_INSTALL_HINT } from '../../packages/local-platform/src/prometheus';

/** Runs a command-line tool; a missing tool fails with how to install it, a failing run with everything it printed. */
export function runTool(tool: string, installHint: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string; status?: number };
    if (failure.code === 'ENOENT') throw new Error(`${tool} is not installed; install it with: ${installHint}`);
    throw new Error(`${tool} ${args.join(' ')} exited ${failure.status ?? '?'}:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

/** promtool, from the Debian package prometheus (scripts/install-prometheus.sh). */
export const promtool = (...args: string[]): string => runTool('promtool', PROMETHEUS_INSTALL_HINT, args);

/** amtool, from the Debian package prometheus-alertmanager (scripts/install-prometheus.sh). */
export const amtool = (...args: string[]): string => runTool('amtool', ALERTMANAGER_INSTALL_HINT, args);
