import { crashesInARowAfter, LOCAL_RESTART_POLICY, restartDelayMs, type RestartPolicy } from '../../src/restart-policy';

describe('restart policy', () => {
  const policy: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

  it('when a process keeps crashing, then each wait doubles from the first, up to the cap and no further', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50, 5000].map((crashes) => restartDelayMs(policy, crashes));

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('when a restarted process crashes again soon, then it counts as one more crash in a row', () => {
    expect(crashesInARowAfter(policy, 3, 5_000)).toBe(4);
  });

  it('when a process stayed up long enough before crashing, then its crash is a first one again (shortest wait)', () => {
    const crashes = crashesInARowAfter(policy, 6, 60_000);

    expect(crashes).toBe(1);
    expect(restartDelayMs(policy, crashes)).toBe(1_000);
  });

  it('when the local platform restarts something, then it waits at most half a minute', () => {
    expect(restartDelayMs(LOCAL_RESTART_POLICY, 1)).toBeLessThanOrEqual(1_000);
    expect(restartDelayMs(LOCAL_RESTART_POLICY, Number.MAX_SAFE_INTEGER)).toBe(30_000);
  });
});
