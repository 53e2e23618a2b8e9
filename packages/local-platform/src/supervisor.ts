import { appendFileSync } from 'node:fs';
import { isAlive, type ManagedProcess } from './processes';
import { crashesInARowAfter, LOCAL_RESTART_POLICY, restartDelayMs, type RestartPolicy } from './restart-policy';

/** A process the supervisor keeps running: an app, or an app's sidecar. */
export interface SupervisedUnit {
  name: string;
  /** The instance running now (or the last one, when it died). */
  current(): ManagedProcess;
  /** Starts a new instance with the same settings and records it in place of the last one. */
  respawn(): ManagedProcess;
}

interface UnitState {
  unit: SupervisedUnit;
  crashesInARow: number;
  startedAt: number;
  /** Stopped on purpose (a test's outage): left down until restarted explicitly. */
  held: boolean;
  /** A restart scheduled (waiting out its backoff) or running. */
  restarting?: Promise<void>;
  /** Ends the backoff wait of the scheduled restart now. */
  wake?: () => void;
  /** Serialises the supervisor's restarts with explicit ones (two instances would fight over the same ports). */
  lock: Promise<unknown>;
  /** An action holds the lock: a process it stopped on the way is not a crash. */
  busy: boolean;
}

export interface SupervisorEvent {
  event: 'crashed' | 'restarted' | 'restart-failed';
  unit: string;
  pid?: number;
  crashesInARow?: number;
  delayMs?: number;
  error?: string;
}

/**
 * Restarts an app or sidecar that died without being asked to, with the backoff of `restart-policy.ts`, like a
 * Kubernetes kubelet does for a crashed container. Every crash and restart is an event for the log.
 */
export class Supervisor {
  private readonly units = new Map<string, UnitState>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    units: SupervisedUnit[],
    private readonly log: (event: SupervisorEvent) => void,
    private readonly policy: RestartPolicy = LOCAL_RESTART_POLICY,
    private readonly pollMs = 1_000,
  ) {
    for (const unit of units) this.units.set(unit.name, { unit, crashesInARow: 0, startedAt: Date.now(), held: false, lock: Promise.resolve(), busy: false });
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.pollMs);
    this.timer.unref();
  }

  /** No restarts from now on (the platform is stopping). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    // Scheduled restarts end their wait and find the supervisor stopped: they start nothing.
    for (const state of this.units.values()) state.wake?.();
  }

  /** Runs `action` on a unit with no restart of the supervisor's in between; `held` decides what happens after. */
  async exclusive<T>(name: string, action: () => Promise<T>, held?: boolean): Promise<T> {
    const state = this.state(name);
    const run = state.lock.then(async () => {
      state.busy = true;
      try {
        const result = await action();
        if (held !== undefined) state.held = held;
        if (!held) state.startedAt = Date.now();
        return result;
      } finally {
        state.busy = false;
      }
    });
    state.lock = run.catch(() => undefined);
    return run;
  }

  /** What is down and not held, restarted now without waiting out its backoff (`make up` converging). */
  async restartDownNow(): Promise<string[]> {
    const down = [...this.units.values()].filter((state) => !state.held && !isAlive(state.unit.current().pid));
    await Promise.all(down.map((state) => {
      if (!state.restarting) return this.schedule(state, 0);
      state.wake?.();
      return state.restarting;
    }));
    return down.map((state) => state.unit.name);
  }

  private check(): void {
    if (this.stopped) return;
    for (const state of this.units.values()) {
      if (state.held || state.busy || state.restarting || isAlive(state.unit.current().pid)) continue;
      state.crashesInARow = crashesInARowAfter(this.policy, state.crashesInARow, Date.now() - state.startedAt);
      const delayMs = restartDelayMs(this.policy, state.crashesInARow);
      this.log({ event: 'crashed', unit: state.unit.name, pid: state.unit.current().pid, crashesInARow: state.crashesInARow, delayMs });
      void this.schedule(state, delayMs);
    }
  }

  private schedule(state: UnitState, delayMs: number): Promise<void> {
    state.restarting = this.restart(state, delayMs).finally(() => {
      state.restarting = undefined;
    });
    return state.restarting;
  }

  private async restart(state: UnitState, delayMs: number): Promise<void> {
    if (delayMs > 0 && !this.stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        state.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    state.wake = undefined;
    try {
      await this.exclusive(state.unit.name, async () => {
        // Someone restarted it meanwhile (a test, `make up`), or the platform is stopping: nothing to do.
        if (this.stopped || state.held || isAlive(state.unit.current().pid)) return;
        const next = state.unit.respawn();
        this.log({ event: 'restarted', unit: state.unit.name, pid: next.pid, crashesInARow: state.crashesInARow });
      });
    } catch (error) {
      this.log({ event: 'restart-failed', unit: state.unit.name, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private state(name: string): UnitState {
    const state = this.units.get(name);
    if (!state) throw new Error(`${name} is not supervised`);
    return state;
  }
}

/** Supervisor events as JSON lines like the services' (pino levels, `msg`), so `make logs` shows them readably. */
export const supervisorLog = (file: string, also?: (line: string) => void) => (event: SupervisorEvent): void => {
  const msg = event.event === 'crashed'
    ? `${event.unit} (pid ${event.pid}) is down: crash ${event.crashesInARow} in a row, restarting in ${((event.delayMs ?? 0) / 1000).toFixed(0)} s`
    : event.event === 'restarted' ? `${event.unit} restarted (pid ${event.pid})` : `${event.unit} could not be restarted: ${event.error}`;
  appendFileSync(file, `${JSON.stringify({ level: event.event === 'restarted' ? 30 : 40, time: Date.now(), service: 'runner', msg, ...event })}\n`);
  also?.(msg);
};
