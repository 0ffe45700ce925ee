// Order statistics for the benchmarks (bench/run.ts, bench/tui.ts): one definition of a percentile.

/**
 * The p-th percentile (0-100) of ascending `sorted` values, nearest-rank: the smallest value with at
 * least p% of the values at or below it. 0 for no values (a storm that got no replies reports 0, and
 * JSON has no NaN).
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** The median of unsorted values (the mean of the two middle ones for an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
