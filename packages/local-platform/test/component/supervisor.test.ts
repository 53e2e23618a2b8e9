import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive, spawnLogged, stopProcess, type ManagedProcess } from '../../src/processes';
import { Supervisor, type SupervisorEvent } from '../../src/supervisor';

/** A long-running process in a group of its own, as the runner starts apps and sidecars. */
const sleeper = (dir: string): ManagedProcess => spawnLogged({ name: 'sleeper', command: 'sleep', args: ['300'], logFile: path.join(dir, 'sleeper.log') });

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the supervisor', () => {
  let dir: string;
  let current: ManagedProcess;
  let events: SupervisorEvent[];
  let supervisor: Supervisor;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shop-supervisor-'));
    events = [];
    current = sleeper(dir);
    const unit = { name: 'sleeper', current: () => current, respawn: () => (current = sleeper(dir)) };
    supervisor = new Supervisor([unit], (event) => events.push(event), { initialDelayMs: 200, maxDelayMs: 800, resetAfterMs: 60_000 }, 20);
    supervisor.start();
  });

  afterEach(async () => {
    supervisor.stop();
    await stopProcess(current.pid, 1_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a supervised process is killed, then it is started again after its backoff, and both are logged', async () => {
    const first = current.pid;

    await stopProcess(first, 0, 'SIGKILL');
    await until('a restart', () => current.pid !== first && isAlive(current.pid));

    expect(events.map((e) => [e.event, e.crashesInARow, e.delayMs])).toEqual([['crashed', 1, 200], ['restarted', 1, undefined]]);
  });

  it('when it keeps crashing soon after each start, then each wait doubles up to the cap', async () => {
    for (let crash = 0; crash < 4; crash += 1) {
      const before = current.pid;
      await stopProcess(before, 0, 'SIGKILL');
      await until('a restart', () => current.pid !== before && isAlive(current.pid));
    }

    expect(events.filter((e) => e.event === 'crashed').map((e) => e.delayMs)).toEqual([200, 400, 800, 800]);
  });

  it('when a process is held down on purpose, then it stays down until it is restarted explicitly', async () => {
    const held = current.pid;

    await supervisor.exclusive('sleeper', () => stopProcess(held, 1_000), true);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(isAlive(held)).toBe(false);
    expect(current.pid).toBe(held);
    expect(events).toEqual([]);

    await supervisor.exclusive('sleeper', async () => void (current = sleeper(dir)), false);
    const restarted = current.pid;
    await stopProcess(restarted, 0, 'SIGKILL');
    await until('a restart once no longer held', () => current.pid !== restarted && isAlive(current.pid));
  });

  it('when asked to restart what is down (make up), then a process waiting out its backoff starts at once', async () => {
    supervisor.stop();
    const slow = new Supervisor([{ name: 'sleeper', current: () => current, respawn: () => (current = sleeper(dir)) }], (event) => events.push(event), { initialDelayMs: 60_000, maxDelayMs: 60_000, resetAfterMs: 60_000 }, 20);
    slow.start();
    const before = current.pid;
    await stopProcess(before, 0, 'SIGKILL');
    await until('the crash to be seen', () => events.length > 0);

    const restarted = await slow.restartDownNow();

    slow.stop();
    expect(restarted).toEqual(['sleeper']);
    expect(current.pid).not.toBe(before);
    expect(isAlive(current.pid)).toBe(true);
  });
});
