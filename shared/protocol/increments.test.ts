// §5 Bids: the increment tables, at every band edge.
import { describe, expect, it } from '@jest/globals';
import { EBAY_BANDS, increment, isIncrementPolicy, minimumNextBid } from './increments.js';

describe('increments', () => {
  it('cent: always 0.01', () => {
    for (const c of [1, 99, 100, 50_000, 100_000_000_000]) expect(increment('cent', c)).toBe(1);
  });

  // [highest bid, ebay increment]: each band's last cent and the next band's first (PROTOCOL.md §5).
  it.each([
    [1, 5],
    [99, 5],
    [100, 25],
    [499, 25],
    [500, 50],
    [2_499, 50],
    [2_500, 1_00],
    [9_999, 1_00],
    [10_000, 2_50],
    [24_999, 2_50],
    [25_000, 5_00],
    [49_999, 5_00],
    [50_000, 10_00],
    [99_999, 10_00],
    [100_000, 25_00],
    [249_999, 25_00],
    [250_000, 50_00],
    [499_999, 50_00],
    [500_000, 100_00],
    [100_000_000_000, 100_00],
  ])('ebay: a highest bid of %i cents → an increment of %i', (highest, step) => {
    expect(increment('ebay', highest)).toBe(step);
  });

  it('ebay bands rise and end unbounded', () => {
    const steps = EBAY_BANDS.map((b) => b.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(EBAY_BANDS[EBAY_BANDS.length - 1].under).toBeNull();
  });

  it('the minimum next bid: the current price with no bid, else highest + increment', () => {
    expect(minimumNextBid('cent', 1000, false)).toBe(1000);
    expect(minimumNextBid('cent', 1000, true)).toBe(1001);
    expect(minimumNextBid('ebay', 1000, false)).toBe(1000);
    expect(minimumNextBid('ebay', 1000, true)).toBe(1050);
    expect(minimumNextBid('ebay', 99, true)).toBe(104);
    expect(minimumNextBid('ebay', 500_000, true)).toBe(510_000);
  });

  it('names the policies', () => {
    expect(['cent', 'ebay', 'Cent', ''].map(isIncrementPolicy)).toEqual([true, true, false, false]);
  });
});
