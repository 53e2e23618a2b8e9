import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { postgresBinDir } from './paths';
import { waitUntil } from './ports';
import { spawnLogged, withLogTail, type ManagedProcess } from './processes';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  logFile: string;
  superuserPassword: string;
  /** Defaults to `POSTGRES_DURABILITY` from the environment, else `durable`. */
  durability?: PostgresDurability;
}

/**
 * `durable` (the default): Postgres' own settings, every commit on disk before it is acknowledged, so a machine crash
 * loses nothing a client was told had happened. `fast`: fsync, synchronous_commit and full_page_writes off, which
 * survives a process kill but not a machine crash (bench:checkout measures the difference; README, "Benchmarks").
 */
export type PostgresDurability = 'durable' | 'fast';

export function postgresDurabilityFromEnvironment(env: NodeJS.ProcessEnv = process.env): PostgresDurability {
  const value = env.POSTGRES_DURABILITY ?? 'durable';
  if (value !== 'durable' && value !== 'fast') throw new Error(`POSTGRES_DURABILITY must be durable or fast, not ${value}`);
  return value;
}

const durabilitySettings = (durability: PostgresDurability): string[] =>
  durability === 'fast' ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];

const SUPERUSER = 'shop_admin';
const SYSTEM_USER = 'postgres';
const runningAsRoot = () => process.getuid?.() === 0;

function systemUserIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', SYSTEM_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', SYSTEM_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function asSystemUser(command: string, args: string[]): void {
  const [file, argv] = runningAsRoot() ? ['runuser', ['-u', SYSTEM_USER, '--', command, ...args]] : [command, args];
  // From `/`: the caller's folder may be one the postgres user cannot enter (a private home).
  execFileSync(file, argv, { stdio: 'pipe', cwd: '/' });
}

/** Where clusters live whose runtime folder the postgres user cannot reach (see postgresDataDir). */
export const SHARED_POSTGRES_ROOT = '/var/lib/dapr-shop';

/**
 * The cluster's folder for a runtime folder. As root, Postgres runs as the postgres system user (it refuses root),
 * which must be able to enter every folder above its data: a clone in a private folder (a 0700 home, a `mktemp -d`)
 * is out of its reach. Then the data lives under SHARED_POSTGRES_ROOT, in a folder named after the runtime folder,
 * and `<runtimeDir>/postgres` is a symbolic link to it (so `make clean` finds it). A normal user runs Postgres as
 * themself, and the data stays in the runtime folder.
 */
export function postgresDataDir(runtimeDir: string): string {
  const inPlace = path.join(runtimeDir, 'postgres');
  if (!runningAsRoot()) return inPlace;
  const existing = existsSync(inPlace) || isSymlink(inPlace);
  if (existing) return isSymlink(inPlace) ? readlinkSync(inPlace) : inPlace;
  if (systemUserCanEnter(path.dirname(path.resolve(runtimeDir)))) return inPlace;
  mkdirSync(runtimeDir, { recursive: true });
  const real = realpathSync(runtimeDir);
  const outside = path.join(SHARED_POSTGRES_ROOT, `postgres-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`);
  mkdirSync(SHARED_POSTGRES_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_POSTGRES_ROOT, 0o755);
  symlinkSync(outside, inPlace);
  return outside;
}

const isSymlink = (file: string) => {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

/** Whether the postgres user may enter a folder: it and every folder above it searchable for that user. */
function systemUserCanEnter(directory: string): boolean {
  try {
    execFileSync('runuser', ['-u', SYSTEM_USER, '--', 'test', '-x', directory], { stdio: 'ignore', cwd: '/' });
    return true;
  } catch {
    return false;
  }
}

/** initdb once (scram passwords, loopback only), then postgres in the foreground of its own process group. */
export async function startPostgres(options: PostgresOptions): Promise<ManagedProcess> {
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) initialiseCluster(options);
  const postgres = spawnLogged({
    name: 'postgres',
    command: path.join(postgresBinDir, 'postgres'),
    args: [
      '-D', options.dataDir,
      '-p', String(options.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...durabilitySettings(options.durability ?? postgresDurabilityFromEnvironment()),
    ],
    logFile: options.logFile,
    user: SYSTEM_USER,
    cwd: '/',
    // SIGTERM is a "smart" shutdown that waits for every client to leave; SIGINT rolls back open sessions and stops.
    stopSignal: 'SIGINT',
  });
  const url = superuserUrl(options.port, options.superuserPassword, 'postgres');
  await waitUntil('postgres', () => canConnect(url), 30_000).catch(withLogTail(options.logFile));
  return postgres;
}

/** initdb as the postgres system user (it refuses root), with the superuser password passed through a private file. */
function initialiseCluster(options: PostgresOptions): void {
  mkdirSync(options.dataDir, { recursive: true });
  const passwordDir = mkdtempSync(path.join(os.tmpdir(), 'shop-pg-'));
  const passwordFile = path.join(passwordDir, 'password');
  writeFileSync(passwordFile, options.superuserPassword, { mode: 0o600 });
  try {
    if (runningAsRoot()) {
      const { uid, gid } = systemUserIds();
      // The postgres user must be able to reach its data folder through its parent (the runtime folder, or the
      // shared root for a runtime folder it cannot reach: see postgresDataDir).
      chmodSync(path.dirname(options.dataDir), 0o755);
      for (const owned of [options.dataDir, passwordDir, passwordFile]) chownSync(owned, uid, gid);
    }
    asSystemUser(path.join(postgresBinDir, 'initdb'), [
      '-D', options.dataDir, '-U', SUPERUSER, '--pwfile', passwordFile,
      '--auth-local=scram-sha-256', '--auth-host=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8',
    ]);
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
  }
}

export const superuserUrl = (port: number, password: string, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ServiceDatabase {
  name: string;
  password: string;
}

/**
 * One database per service, owned by a role of the same name that can connect only to it: a service physically
 * cannot read another's tables. Idempotent.
 */
export async function ensureServiceDatabases(port: number, superuserPassword: string, databases: ServiceDatabase[]): Promise<void> {
  const client = new Client({ connectionString: superuserUrl(port, superuserPassword, 'postgres') });
  await client.connect();
  try {
    await client.query('revoke connect on database postgres from public');
    for (const { name, password } of databases) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
      const literal = password.replace(/'/g, "''");
      // Quoted: service names such as "order" are SQL keywords. The pattern above keeps them safe to quote.
      const id = `"${name}"`;
      const role = await client.query('select 1 from pg_roles where rolname = $1', [name]);
      await client.query(`${role.rowCount ? 'alter' : 'create'} role ${id} login password '${literal}'`);
      const database = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!database.rowCount) await client.query(`create database ${id} owner ${id}`);
      await client.query(`revoke connect on database ${id} from public`);
      await client.query(`grant connect on database ${id} to ${id}`);
    }
  } finally {
    await client.end();
  }
}

export const serviceDatabaseUrl = (port: number, database: ServiceDatabase) =>
  `postgres://${database.name}:${encodeURIComponent(database.password)}@127.0.0.1:${port}/${database.name}`;
