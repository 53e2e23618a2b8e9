import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { identityOf, isRecordedProcessAlive, type ProcessIdentity } from './process-identity';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** The signal that asks this process for a graceful stop (Postgres: SIGINT, its "fast" shutdown). */
  stopSignal?: NodeJS.Signals;
  child?: ChildProcess;
  /** Which boot and start time the pid belongs to: a pid alone may name another process later (see process-identity). */
  bootId?: string;
  startTime?: number;
}

/** What platform.json keeps of a process: enough to find it again, and to know it is still the same one. */
export type RecordedProcess = Pick<ManagedProcess, 'name' | 'pid' | 'logFile' | 'stopSignal' | 'bootId' | 'startTime'>;

export const recordOf = ({ name, pid, logFile, stopSignal, bootId, startTime }: ManagedProcess): RecordedProcess => ({
  name, pid, logFile, ...(stopSignal ? { stopSignal } : {}), ...(bootId ? { bootId, startTime } : {}),
});

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this system user (PostgreSQL refuses to run as root). */
  user?: string;
  stopSignal?: NodeJS.Signals;
}

/**
 * Starts a long-running process in its own process group with stdout and stderr appended to a log file, so it
 * outlives `make up` and `make down` can stop the whole group.
 */
export function spawnLogged(options: SpawnOptions): ManagedProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = openSync(options.logFile, 'a');
  const [command, args] = options.user && process.getuid?.() === 0
    ? ['runuser', ['-u', options.user, '--', options.command, ...options.args]]
    : [options.command, options.args];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${options.name} could not be started (${options.command})`);
  child.unref();
  // Read at once: the child exists from fork on, and its start time does not change when it execs its command.
  const identity: Partial<ProcessIdentity> = identityOf(child.pid) ?? {};
  return {
    name: options.name, pid: child.pid, logFile: options.logFile, child,
    ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
    ...(identity.bootId ? { bootId: identity.bootId, startTime: identity.startTime! } : {}),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a process recorded with its identity, and only if it is still that process: a pid read from platform.json
 * after a reboot or a crash may belong to anyone by now, and its process group with it.
 */
export async function stopRecordedProcess(recorded: RecordedProcess, graceMs = 10_000): Promise<void> {
  if (!isRecordedProcessAlive(recorded)) return;
  await stopProcess(recorded.pid, graceMs, recorded.stopSignal, () => isRecordedProcessAlive(recorded));
}

/** The stop signal (SIGTERM by default) to the process group, SIGKILL after the grace period; resolves once it is gone. */
export async function stopProcess(pid: number, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM', alive: () => boolean = () => isAlive(pid)): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
  };
  if (!alive()) return;
  signalGroup(signal);
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) {
    signalGroup('SIGKILL');
    while (alive()) await sleep(50);
  }
}

/** The last lines of a log, to explain a failed start without sending the reader digging. */
export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** For `.catch` on a start that failed or timed out: the error again, with the end of the process's log, which says why. */
export const withLogTail = (logFile: string) => (error: Error): never => {
  throw new Error(`${error.message}\n${tail(logFile)}`);
};
