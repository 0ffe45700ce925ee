// The CATALOG index against a plain model (every open auction, sorted, filtered): any sequence of
// listings, changes and closes gives the same pages, and following Next_Item lists each auction once.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CatalogIndex, VISIT_BUDGET } from './catalog-index.js';

interface Model {
  open: Map<string, { item: string; rq: number }>;
}

function modelPage(
  m: Model,
  since: number,
  after: string | null,
  limit: number,
): { ids: string[]; next: string | null } {
  const all = [...m.open.entries()]
    .filter(([, a]) => a.rq > since && (after === null || a.item.toLowerCase() > after.toLowerCase()))
    .sort(([, a], [, b]) => (a.item.toLowerCase() < b.item.toLowerCase() ? -1 : 1));
  const page = all.slice(0, limit);
  return { ids: page.map(([id]) => id), next: all.length > limit ? page[page.length - 1][1].item : null };
}

/** Every page of a listing, following Next_Item. */
function listAll(ix: CatalogIndex, since: number, limit: number): string[] {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const p = ix.page(since, after, limit);
    ids.push(...p.ids);
    if (p.nextItem === null) return ids;
    after = p.nextItem;
  }
  throw new Error('listing did not end');
}

const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,6}$/).filter((s) => s !== '-');
const op = fc.oneof(
  fc.record({ k: fc.constant('list' as const), item: name }),
  fc.record({ k: fc.constant('change' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('close' as const), pick: fc.nat() }),
);

describe('CatalogIndex', () => {
  it('pages agree with the model for any history, and a listing has every auction once, in order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 7 }), (ops, limit) => {
        const ix = new CatalogIndex();
        const m: Model = { open: new Map() };
        let rq = 0;
        let n = 0;
        const marks: number[] = [0];
        for (const o of ops) {
          const ids = [...m.open.keys()];
          if (o.k === 'list') {
            if ([...m.open.values()].some((a) => a.item.toLowerCase() === o.item.toLowerCase())) continue;
            const id = `a${n++}`;
            m.open.set(id, { item: o.item, rq: ++rq });
            ix.add(id, o.item, rq);
          } else if (ids.length) {
            const id = ids[o.pick % ids.length];
            if (o.k === 'change') {
              m.open.get(id)!.rq = ++rq;
              ix.touch(id, rq);
            } else {
              m.open.delete(id);
              ix.remove(id);
            }
          }
          if (rq % 7 === 0) marks.push(rq);
        }
        expect(ix.size).toBe(m.open.size);
        for (const since of [...marks, rq]) {
          const want = modelPage(m, since, null, Infinity).ids;
          expect(listAll(ix, since, limit)).toEqual(want);
          for (const after of [null, ...[...m.open.values()].map((a) => a.item)]) {
            const got = ix.page(since, after, limit);
            const exp = modelPage(m, since, after, limit);
            expect({ ids: got.ids, next: got.nextItem }).toEqual(exp);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('After_Item is case-insensitive and need not be an open auction', () => {
    const ix = new CatalogIndex();
    ['Banana', 'apple', 'cherry', 'Date'].forEach((item, i) => ix.add(`a${i}`, item, i + 1));
    expect(ix.page(0, null, 2)).toEqual({ ids: ['a1', 'a0'], nextItem: 'Banana' });
    expect(ix.page(0, 'BANANA', 2)).toEqual({ ids: ['a2', 'a3'], nextItem: null });
    expect(ix.page(0, 'c', 10)).toEqual({ ids: ['a2', 'a3'], nextItem: null });
    expect(ix.page(3, null, 10)).toEqual({ ids: ['a3'], nextItem: null });
    expect(ix.page(4, null, 10)).toEqual({ ids: [], nextItem: null });
  });

  it('keeps its change log bounded by the open auctions, however many changes there were', () => {
    const ix = new CatalogIndex();
    for (let i = 0; i < 100; i++) ix.add(`a${i}`, `item${i}`, i + 1);
    for (let rq = 101; rq < 100_000; rq++) ix.touch(`a${rq % 100}`, rq);
    const log = (ix as unknown as { changes: unknown[] }).changes;
    expect(log.length).toBeLessThanOrEqual(2 * 100 + 1024 + 1);
    expect(ix.page(99_990, null, 32).ids).toHaveLength(9);
  });

  /** A floor of `n` auctions, every `every`-th changed again after RQ# n (the rest not since). */
  function floor(n: number, every: number): CatalogIndex {
    const ix = new CatalogIndex();
    for (let i = 0; i < n; i++) ix.add(`a${i}`, `item${String(i).padStart(6, '0')}`, i + 1, `s${i % 10}`);
    let rq = n;
    for (let i = 0; i < n; i += every) ix.touch(`a${i}`, ++rq);
    return ix;
  }

  /** Rows a page looks at, counted as lookups of an auction's last-change RQ# (old code and new alike). */
  function rowsVisited(ix: CatalogIndex, since: number, after: string | null): number {
    const rqOf = (ix as unknown as { rqOf: Map<string, number> }).rqOf;
    let n = 0;
    const get = rqOf.get.bind(rqOf);
    rqOf.get = (k: string) => (n++, get(k));
    try {
      ix.page(since, after, 32);
    } finally {
      rqOf.get = get;
    }
    return n;
  }

  it('issue 20.7: the work per page is bounded whatever the cursor, on a floor of 100,000', () => {
    const n = 100_000;
    for (const every of [3, 7, 50]) {
      const ix = floor(n, every);
      for (const since of [1, n / 2, n, n + 10]) {
        for (const after of [null, 'item000000', 'item049999', 'item099000', 'zzz']) {
          expect(rowsVisited(ix, since, after)).toBeLessThanOrEqual(VISIT_BUDGET + 1);
        }
      }
    }
  });

  it('a listing that runs out of budget on a page still lists every changed auction once, in order', () => {
    const n = 20_000;
    const ix = floor(n, 9); // 2,223 changed since n: more than the budget, spread over the floor
    const want = Array.from({ length: Math.ceil(n / 9) }, (_, k) => `a${k * 9}`);
    const got = listAll(ix, n, 32);
    expect(got).toEqual(want);
  });

  it('counts open auctions per seller (any case), down again when they close', () => {
    const ix = new CatalogIndex();
    ix.add('a1', 'one', 1, 'Sam');
    ix.add('a2', 'two', 2, 'sam');
    ix.add('a3', 'three', 3, 'ann');
    expect([ix.openBy('SAM'), ix.openBy('ann'), ix.openBy('bob')]).toEqual([2, 1, 0]);
    ix.remove('a1');
    expect(ix.openBy('sam')).toBe(1);
  });
});
