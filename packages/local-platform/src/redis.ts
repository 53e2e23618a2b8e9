import { mkdirSync } from 'node:fs';
import { waitForPort } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export interface RedisOptions {
  dataDir: string;
  port: number;
  logFile: string;
}

/**
 * A project-owned Redis on loopback. It carries the default broker (Redis Streams) and the carts, so it persists
 * like a broker should: an append-only file synced every second, replayed on restart; a Redis restart loses no
 * event the broker had accepted (beyond the last second on a machine crash).
 */
export async function startRedis(options: RedisOptions): Promise<ManagedProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const redis = spawnLogged({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no'],
    logFile: options.logFile,
  });
  await waitForPort('redis', options.port, 15_000).catch(withLogTail(options.logFile));
  return redis;
}
