import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitForPort } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export interface RedisOptions {
  dataDir: string;
  port: number;
  logFile: string;
  /** Required of every client (`AUTH`); the local profile keeps it in its secret store (`redis-password`). */
  password: string;
}

/**
 * A project-owned Redis on loopback. It carries the default broker (Redis Streams) and the carts, so it persists
 * like a broker should: an append-only file synced every second, replayed on restart; a Redis restart loses no
 * event the broker had accepted (beyond the last second on a machine crash).
 * Loopback is not a boundary on a shared machine: every other user can reach 127.0.0.1, so it requires a password.
 */
export async function startRedis(options: RedisOptions): Promise<ManagedProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  // In a file readable by its owner only: on the command line, every user of the machine could read it in /proc.
  const configFile = path.join(options.dataDir, 'redis.conf');
  if (!/^[A-Za-z0-9_-]+$/.test(options.password)) throw new Error('the Redis password must be letters, digits, _ or - (it is written into redis.conf)');
  writeFileSync(configFile, `requirepass ${options.password}\n`, { mode: 0o600 });
  const redis = spawnLogged({
    name: 'redis',
    command: 'redis-server',
    args: [configFile, '--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no'],
    logFile: options.logFile,
  });
  await waitForPort('redis', options.port, 15_000).catch(withLogTail(options.logFile));
  return redis;
}

/** A redis:// URL that authenticates as the default user (ioredis reads the password from the URL). */
export function redisUrlWithPassword(url: string, password: string): string {
  const authenticated = new URL(url);
  authenticated.username = '';
  authenticated.password = password;
  return authenticated.toString();
}
