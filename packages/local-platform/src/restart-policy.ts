/**
 * How the runner restarts an app or sidecar that died without being asked to (a crash, an OOM kill, `kill -9`), the
 * way Kubernetes restarts a crashed container: at once the first time, then after a delay that doubles with each crash
 * in a row, never longer than `maxDelayMs`. A process that stayed up `resetAfterMs` has recovered: its next crash is
 * a first one again.
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  resetAfterMs: number;
}

export const LOCAL_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

/** The wait before restarting a process that has now crashed `crashesInARow` times in a row (1 for the first crash). */
export function restartDelayMs(policy: RestartPolicy, crashesInARow: number): number {
  const doublings = Math.max(0, crashesInARow - 1);
  // Capped before it is computed: 2 ** 1000 would be Infinity long before the cap applies.
  return doublings >= 30 ? policy.maxDelayMs : Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
}

/** The crash count after a process that ran `ranForMs` since its last start died again. */
export function crashesInARowAfter(policy: RestartPolicy, previousCrashesInARow: number, ranForMs: number): number {
  return ranForMs >= policy.resetAfterMs ? 1 : previousCrashesInARow + 1;
}
