import type { WorkflowContext } from '@dapr/dapr';
import type { ActivityName } from './activities';
import { isUnavailable } from './outcomes';

/**
 * Retry and compensation for the orchestrators. Waiting uses durable timers, so a retry survives a crash of this
 * process or of its sidecar, and replays deterministically.
 */

/** A forward step that may be tried a few times before the saga gives up on it. */
export async function* attempt<T extends { outcome: string }>(ctx: WorkflowContext, activity: ActivityName, input: unknown, attempts = 5): AsyncGenerator<unknown, T, any> {
  let result: T = { outcome: 'unavailable', detail: 'not attempted' } as unknown as T;
  for (let tried = 1; tried <= attempts; tried += 1) {
    result = (yield ctx.callActivity(activity, input)) as T;
    if (!isUnavailable(result) || tried === attempts) return result;
    yield ctx.createTimer(2 ** (tried - 1));
  }
  return result;
}

/** A step that must happen (an undo, recording the outcome): retried with capped back-off until it answers. */
export async function* untilDone<T extends { outcome: string }>(ctx: WorkflowContext, activity: ActivityName, input: unknown): AsyncGenerator<unknown, T, any> {
  for (let tried = 0; ; tried += 1) {
    const result = (yield ctx.callActivity(activity, input)) as T;
    if (!isUnavailable(result)) return result;
    yield ctx.createTimer(Math.min(60, 2 ** tried));
  }
}

/**
 * Undo steps in the order they must run (the reverse of the steps they undo). An undo is registered BEFORE its step:
 * a step whose answer was lost may still have happened, and every undo is harmless when there is nothing to undo.
 */
export class Compensations {
  private readonly stack: ActivityName[] = [];

  push(undo: ActivityName): void {
    this.stack.push(undo);
  }

  inReverse(): ActivityName[] {
    return [...this.stack].reverse();
  }
}
