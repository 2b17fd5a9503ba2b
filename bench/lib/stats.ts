/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
};

export const median = (samples: readonly number[]): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export const sum = (samples: readonly number[]): number => samples.reduce((a, b) => a + b, 0);

/** Rounds for the report: enough digits to compare, not more. */
export const round = (value: number, digits = 3): number => {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export interface LatencySummary {
  readonly n: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

/** Sequential calls: throughput is calls over the time spent in them. */
export const summarizeLatencies = (latenciesMs: readonly number[]): LatencySummary => ({
  n: latenciesMs.length,
  opsPerSec: round((latenciesMs.length / sum(latenciesMs)) * 1000, 1),
  p50Ms: round(percentile(latenciesMs, 50)),
  p99Ms: round(percentile(latenciesMs, 99)),
  meanMs: round(sum(latenciesMs) / latenciesMs.length),
});
