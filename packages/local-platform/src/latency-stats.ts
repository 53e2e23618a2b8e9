/**
 * Percentiles for the benchmarks (bench/*.mjs). Nearest rank: the q-quantile of n samples is the ⌈q·n⌉-th smallest,
 * always one of the measured values (no interpolation), so a p99 of 300 samples is the 297th, not a blend.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile: q must lie in [0, 1], got ${q}`);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** p50, p99, mean and max of unsorted samples (milliseconds in, milliseconds out), each rounded to `decimals`. */
export function summariseLatencies(samples: readonly number[], decimals = 3): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => (Number.isFinite(value) ? +value.toFixed(decimals) : Number.NaN);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    mean: round(sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : Number.NaN),
    max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
  };
}
