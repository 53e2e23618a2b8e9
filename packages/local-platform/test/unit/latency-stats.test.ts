import { percentile, summariseLatencies } from '../../src/latency-stats';

describe('latency percentiles (benchmarks)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('when there are 100 samples 1..100, then p50 is the 50th and p99 the 99th (nearest rank)', () => {
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(oneToHundred, 1)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
  });

  it('when there are 300 samples, then p99 is the 297th smallest, a measured value', () => {
    const samples = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(percentile(samples, 0.99)).toBe(297);
    expect(percentile(samples, 0.5)).toBe(150);
  });

  it('when there is one sample, then every percentile is that sample; with none, NaN', () => {
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('when q lies outside [0, 1], then it is refused', () => {
    expect(() => percentile(oneToHundred, 1.5)).toThrow(RangeError);
    expect(() => percentile(oneToHundred, Number.NaN)).toThrow(RangeError);
  });

  it('when samples arrive unsorted, then the summary sorts them and leaves the input alone', () => {
    const samples = [3.14159, 1, 2, 10, 4];
    const summary = summariseLatencies(samples, 2);
    expect(summary).toEqual({ count: 5, p50: 3.14, p99: 10, mean: 4.03, max: 10 });
    expect(samples).toEqual([3.14159, 1, 2, 10, 4]);
  });

  it('when there are no samples, then the summary says so with NaN figures', () => {
    const summary = summariseLatencies([]);
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.max).toBeNaN();
  });
});
