import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '../../src/paths';
import { freePorts } from '../../src/ports';
import { postgresDataDir, startPostgres, superuserUrl } from '../../src/postgres';
import { stopProcess, type ManagedProcess } from '../../src/processes';

/**
 * `make up` from a clone in a private folder (a 0700 home, as root's is on these machines, or a `mktemp -d`): as
 * root, Postgres runs as the postgres system user, which cannot enter such a folder; initdb used to fail there with
 * "could not access directory …/.runtime/postgres: Permission denied".
 */
describe('a clone in a private folder', () => {
  let privateDir: string;
  let postgres: ManagedProcess | undefined;
  let dataDir: string | undefined;

  beforeAll(() => {
    privateDir = mkdtempSync(path.join(os.tmpdir(), 'shop-private-'));
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repoRoot}`, path.join(privateDir, 'shop')], { stdio: 'pipe' });
  }, 60_000);

  afterAll(async () => {
    if (postgres) await stopProcess(postgres.pid, 20_000, postgres.stopSignal);
    if (dataDir && !dataDir.startsWith(privateDir)) rmSync(dataDir, { recursive: true, force: true });
    rmSync(privateDir, { recursive: true, force: true });
  }, 60_000);

  it('when the runner starts Postgres for a clone in a 0700 folder, then the cluster is created and answers', async () => {
    const runtimeDir = path.join(privateDir, 'shop', '.runtime');
    const [port] = (await freePorts(1)) as [number];
    const password = 'private-folder-test';

    dataDir = postgresDataDir(runtimeDir);
    postgres = await startPostgres({ dataDir, port, logFile: path.join(runtimeDir, 'logs', 'postgres.log'), superuserPassword: password });

    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const client = new Client({ connectionString: superuserUrl(port, password, 'postgres') });
    await client.connect();
    const answer = await client.query('select current_setting(\'data_directory\') as dir');
    await client.end();
    expect(answer.rows[0].dir).toBe(dataDir);
    if (process.getuid?.() === 0) {
      // Out of the private folder, where the postgres user can reach it; the runtime folder links to it.
      expect(dataDir.startsWith(privateDir)).toBe(false);
      expect(lstatSync(path.join(runtimeDir, 'postgres')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path.join(runtimeDir, 'postgres'))).toBe(dataDir);
    } else {
      expect(dataDir).toBe(path.join(runtimeDir, 'postgres'));
    }
  }, 90_000);

  it('when the same runtime folder starts Postgres again, then it finds the same cluster', () => {
    expect(postgresDataDir(path.join(privateDir, 'shop', '.runtime'))).toBe(dataDir);
  });
});
