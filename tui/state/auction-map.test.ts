// The persistent auctions map: updates leave older maps as they were, counts follow, and the changes
// between two maps of one line are known (what lets the sorted table be patched instead of re-sorted).
import { describe, expect, it } from '@jest/globals';
import { newAuction } from './helpers.js';
import { AuctionMap } from './auction-map.js';
import type { Auction } from './model.js';

const lot = (item: string, price = 100, changedAt: number | null = null): Auction => ({
  ...newAuction(item, `a ${item}`, price, 1_000_000, 0, false),
  changedAt,
});

describe('AuctionMap', () => {
  it('set and delete return new maps; the old ones are unchanged', () => {
    const a = AuctionMap.of([lot('lamp'), lot('vase')]);
    const b = a.set(lot('lamp', 200));
    const c = b.deleteMany(['vase']);
    expect(a.get('lamp')!.currentPrice).toBe(100);
    expect(b.get('lamp')!.currentPrice).toBe(200);
    expect([...a.keys()].sort()).toEqual(['lamp', 'vase']);
    expect([...c.keys()]).toEqual(['lamp']);
    expect([a.size, b.size, c.size]).toEqual([2, 2, 1]);
    expect(b.has('vase') && !c.has('vase')).toBe(true);
    const same = c.set(c.get('lamp')!);
    expect(same).toBe(c); // setting the same object changes nothing
  });

  it('counts the open auctions as they open and close', () => {
    let m = AuctionMap.of(Array.from({ length: 1000 }, (_, i) => lot(`lot${i}`)));
    expect(m.openCount).toBe(1000);
    m = m.set({ ...m.get('lot7')!, closed: { at: 1, finalPrice: 1, winner: null, known: true } });
    expect([m.size, m.openCount]).toEqual([1000, 999]);
    m = m.deleteMany(['lot7', 'lot8', 'nope']);
    expect([m.size, m.openCount]).toEqual([998, 998]);
  });

  it('changedSince: the keys changed along the line, or null for a map not of it', () => {
    const base = AuctionMap.of([lot('a'), lot('b'), lot('c')]);
    const m1 = base.set(lot('a', 2));
    const m2 = m1.set(lot('b', 2)).deleteMany(['c']);
    expect(m2.changedSince(base)).toEqual(new Set(['a', 'b', 'c']));
    expect(m2.changedSince(m1)).toEqual(new Set(['b', 'c']));
    expect(m2.changedSince(m2)).toEqual(new Set());
    expect(base.changedSince(m2)).toBeNull(); // not an ancestor
    expect(m1.set(lot('z')).changedSince(m2)).toBeNull(); // another branch
    let far = base;
    for (let i = 0; i < 200; i++) far = far.set(lot('a', 10 + i));
    expect(far.changedSince(base)).toBeNull(); // beyond the trail: recompute
  });

  it('nextHighlightEnd: the earliest highlight still running', () => {
    const m = AuctionMap.EMPTY.set(lot('a', 1, 1000))
      .set(lot('b', 1, 2000))
      .set(lot('c', 1, 1500));
    expect(m.nextHighlightEnd(0, 1500)).toBe(2500);
    expect(m.nextHighlightEnd(2600, 1500)).toBe(3000);
    expect(m.nextHighlightEnd(3500, 1500)).toBeNull();
  });
});
