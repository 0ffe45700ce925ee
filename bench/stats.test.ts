import { describe, expect, it } from '@jest/globals';
import { median, percentile } from './stats.js';

describe('percentile (nearest rank)', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it.each([
    [50, 50],
    [99, 99],
    [99.9, 100],
    [100, 100],
    [0, 1],
    [1, 1],
  ])('p%d of 1..100 is %d', (p, want) => {
    expect(percentile(xs, p)).toBe(want);
  });

  it('works on typed arrays and small samples, and is 0 for none', () => {
    expect(percentile(Float64Array.from([1.5, 2.5, 9]), 50)).toBe(2.5);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('median', () => {
  it('sorts, and averages the middle pair of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
