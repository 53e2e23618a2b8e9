import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_INFRASTRUCTURE_PORTS, Platform, type PlatformState } from '../../src/platform';
import { identityOf, isRecordedProcessAlive } from '../../src/process-identity';
import type { RecordedProcess } from '../../src/processes';

/**
 * platform.json after a reboot or a crash: the pids it records may belong to unrelated processes by now. A stand-in
 * for such a process: a `sleep` in a process group of its own, as the runner starts everything.
 */
function unrelatedProcess(): ChildProcess {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null && isRecordedProcessAlive({ pid: child.pid!, ...identityOf(child.pid!) });

describe('the runner state (platform.json)', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  const stateWith = (processes: RecordedProcess[], runner?: RecordedProcess): void => {
    const state: PlatformState = { runtimeDir: dir, ports: LOCAL_INFRASTRUCTURE_PORTS, apps: [], processes, ...(runner ? { runner } : {}) };
    writeFileSync(Platform.stateFile(dir), JSON.stringify(state));
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shop-runner-state-'));
  });

  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a recorded pid now belongs to another process (same pid, other start time), then down leaves it alone', async () => {
    const stranger = unrelatedProcess();
    children.push(stranger);
    const identity = identityOf(stranger.pid!)!;
    stateWith([{ name: 'order', pid: stranger.pid!, logFile: '', bootId: identity.bootId, startTime: identity.startTime - 1 }]);

    const stopped = await Platform.stopFromState(dir);

    expect(stopped).toEqual([]);
    expect(alive(stranger)).toBe(true);
  });

  it('when a recorded pid comes from another boot, then down leaves its process alone', async () => {
    const stranger = unrelatedProcess();
    children.push(stranger);
    const identity = identityOf(stranger.pid!)!;
    stateWith([{ name: 'postgres', pid: stranger.pid!, logFile: '', bootId: 'a-boot-before-this-one', startTime: identity.startTime }]);

    const stopped = await Platform.stopFromState(dir);

    expect(stopped).toEqual([]);
    expect(alive(stranger)).toBe(true);
  });

  it('when a record without identity was written before this boot, then its pid is not trusted', async () => {
    const stranger = unrelatedProcess();
    children.push(stranger);
    stateWith([{ name: 'redis', pid: stranger.pid!, logFile: '' }]);
    utimesSync(Platform.stateFile(dir), new Date(0), new Date(0));

    const stopped = await Platform.stopFromState(dir);

    expect(stopped).toEqual([]);
    expect(alive(stranger)).toBe(true);
  });

  it('when the recorded process is still the one recorded, then down stops it and removes the record', async () => {
    const ours = unrelatedProcess();
    children.push(ours);
    stateWith([{ name: 'gateway', pid: ours.pid!, logFile: '', ...identityOf(ours.pid!) }]);
    const exited = new Promise((resolve) => ours.once('exit', resolve));

    const stopped = await Platform.stopFromState(dir);

    await exited;
    expect(stopped).toEqual(['gateway']);
    expect(Platform.readState(dir)).toBeUndefined();
  });

  it('when the runner recorded is gone and its pid reused, then the record is stale (make up starts afresh)', () => {
    const stranger = unrelatedProcess();
    children.push(stranger);
    const identity = identityOf(stranger.pid!)!;
    stateWith([], { name: 'runner', pid: stranger.pid!, logFile: '', bootId: identity.bootId, startTime: identity.startTime + 7 });

    expect(Platform.runnerAlive(Platform.readState(dir)!)).toBe(false);
  });

  it('when the runner recorded is alive and the one recorded, then the platform counts as running', () => {
    const runner = unrelatedProcess();
    children.push(runner);
    stateWith([], { name: 'runner', pid: runner.pid!, logFile: '', ...identityOf(runner.pid!) });

    expect(Platform.runnerAlive(Platform.readState(dir)!)).toBe(true);
  });
});
