import { mkdirSync } from 'node:fs';
import { waitForPort } from './ports';
import { spawnLogged, tail, type ManagedProcess } from './processes';

export interface RedisOptions {
  dataDir: string;
  port: number;
  logFile: string;
}

/** A project-owned Redis on loopback: no persistence (the local profile's state is disposable), no protected mode. */
export async function startRedis(options: RedisOptions): Promise<ManagedProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const redis = spawnLogged({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dataDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    logFile: options.logFile,
  });
  await waitForPort('redis', options.port, 15_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${tail(options.logFile)}`);
  });
  return redis;
}
