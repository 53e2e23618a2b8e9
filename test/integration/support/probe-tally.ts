/**
 * The security suite's count of probes: every attack it tries is checked with `expectRefused`, which fails the test
 * unless the answer is one of the refusals expected; the suite prints how many were tried and how many were refused.
 */
const tally = { tried: 0, refused: 0 };

export function expectRefused(status: number, ...expected: number[]): void {
  tally.tried += 1;
  if (!expected.includes(status)) throw new Error(`the probe was not refused: it answered ${status}, where ${expected.join(' or ')} was expected`);
  tally.refused += 1;
}

export function printTally(suite: string): void {
  process.stdout.write(`\n${suite}: ${tally.tried} probes tried, ${tally.refused} refused\n`);
}
