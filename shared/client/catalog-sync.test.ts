// CatalogSync against a model floor: a full listing page by page (each page asked for only after the
// previous one ended), the incremental repair from the last Watermark, and the fall-backs to a full
// listing. The pages come from a small model of the server's rules (the real server over real UDP:
// test/server/catalog.test.ts).
import { describe, expect, it } from '@jest/globals';
import type { CatalogItem } from '../protocol/messages.js';
import { CatalogSync, type PageOutcome } from './catalog-sync.js';

interface Lot {
  item: string;
  price: number;
  changeRq: number;
  closesAt: number;
}

/** A floor with a server RQ# counter, paged as the server pages (name order, Since_RQ, limit). */
class Floor {
  lots = new Map<string, Lot>();
  rq = 100;
  now = 1_000_000;
  asked: Array<{ since: number; after: string | null }> = [];
  /** Requests to lose (answered with a timeout), by number, each once. */
  lose = new Set<number>();

  list(item: string, leftS = 600): void {
    this.lots.set(item, { item, price: 100, changeRq: ++this.rq, closesAt: this.now + leftS * 1000 });
  }
  bid(item: string): void {
    const l = this.lots.get(item)!;
    l.price += 10;
    l.changeRq = ++this.rq;
  }

  page = (since: number, after: string | null): Promise<PageOutcome> => {
    this.asked.push({ since, after });
    if (this.lose.delete(this.asked.length)) return Promise.resolve({ ok: false, timeout: true });
    const open = [...this.lots.values()]
      .filter((l) => l.closesAt > this.now)
      .sort((a, b) => (a.item.toLowerCase() < b.item.toLowerCase() ? -1 : 1));
    const matching = open.filter((l) => l.changeRq > since && (after === null || l.item.toLowerCase() > after));
    const page = matching.slice(0, 3);
    const items: CatalogItem[] = page.map((l) => ({
      type: 'CATALOG_ITEM',
      rq: '1',
      item: l.item,
      seller: 'sam',
      currentPrice: l.price,
      bids: 0,
      leader: null,
      timeLeft: Math.ceil((l.closesAt - this.now) / 1000),
      description: `a ${l.item}`,
    }));
    return Promise.resolve({
      ok: true,
      items,
      end: {
        type: 'CATALOG_END',
        rq: '1',
        count: items.length,
        total: open.length,
        nextItem: matching.length > 3 ? page[2].item.toLowerCase() : null,
        watermark: this.rq,
      },
    });
  };
}

function setup(n: number): { floor: Floor; sync: CatalogSync; progress: Array<[number, number]> } {
  const floor = new Floor();
  for (let i = 0; i < n; i++) floor.list(`lot${String(i).padStart(2, '0')}`);
  const progress: Array<[number, number]> = [];
  const sync = new CatalogSync(
    floor.page,
    () => floor.now,
    (r, t) => progress.push([r, t]),
  );
  return { floor, sync, progress };
}

describe('CatalogSync', () => {
  it('lists every auction page by page, reporting progress, then repairs with Since_RQ only', async () => {
    const { floor, sync, progress } = setup(10);
    const out = await sync.full();
    expect(out).toMatchObject({ ok: true, full: true });
    expect(sync.entries().map((e) => e.item)).toEqual([...floor.lots.keys()]);
    expect(floor.asked).toEqual([
      { since: 0, after: null },
      { since: 0, after: 'lot02' },
      { since: 0, after: 'lot05' },
      { since: 0, after: 'lot08' },
    ]);
    expect(progress).toEqual([
      [3, 10],
      [6, 10],
      [9, 10],
      [10, 10],
    ]);
    const mark = floor.rq;
    floor.bid('lot07');
    floor.asked = [];
    const rep = await sync.repair();
    expect(rep).toMatchObject({ ok: true, full: false });
    expect(floor.asked).toEqual([{ since: mark, after: null }]);
    expect(sync.entries().find((e) => e.item === 'lot07')!.currentPrice).toBe(110);
    // nothing changed: one request, one empty page
    floor.asked = [];
    await sync.repair();
    expect(floor.asked).toEqual([{ since: floor.rq, after: null }]);
  });

  it('a listing cut short (the server silent) is not taken for the floor; the next one resumes at that page', async () => {
    const { floor, sync } = setup(10);
    floor.lose.add(2);
    expect(await sync.full()).toEqual({ ok: false, timeout: true });
    expect(sync.size).toBe(0); // an incomplete listing is not taken for the floor
    floor.asked = [];
    expect(await sync.full()).toMatchObject({ ok: true, full: true });
    expect(sync.size).toBe(10);
    // the pages already read are kept: only the lost page and those after it are asked for
    expect(floor.asked.map((a) => a.after)).toEqual(['lot02', 'lot05', 'lot08']);
  });

  it('a listing cut short long ago starts again from the first page', async () => {
    const { floor, sync } = setup(10);
    floor.lose.add(2);
    await sync.full();
    floor.now += 120_000;
    floor.asked = [];
    expect(await sync.full()).toMatchObject({ ok: true, full: true });
    expect(floor.asked[0]).toEqual({ since: 0, after: null });
  });

  it('a count that disagrees with Total after a repair starts a full listing', async () => {
    const { floor, sync } = setup(5);
    await sync.full();
    floor.lots.delete('lot01'); // gone without our hearing of it (a lost AUCTION_CLOSED, no change)
    floor.asked = [];
    const rep = await sync.repair();
    expect(rep).toMatchObject({ ok: true, full: true });
    expect(floor.asked[0].since).toBeGreaterThan(0);
    expect(floor.asked.slice(1).every((a) => a.since === 0)).toBe(true);
    expect(sync.entries().map((e) => e.item)).not.toContain('lot01');
  });

  it('auctions past their close time are dropped at the repair; Time_Left counts down locally', async () => {
    const { floor, sync } = setup(3);
    floor.list('short', 5);
    await sync.full();
    expect(sync.entries().find((e) => e.item === 'short')!.timeLeft).toBe(5);
    floor.now += 2_000;
    expect(sync.entries().find((e) => e.item === 'short')!.timeLeft).toBe(3);
    floor.now += 4_000;
    expect(await sync.repair()).toMatchObject({ ok: true, full: false });
    expect(sync.entries().map((e) => e.item)).toEqual(['lot00', 'lot01', 'lot02']);
  });

  it('after invalidate() (a reconnect) the repair is a full listing', async () => {
    const { floor, sync } = setup(4);
    await sync.full();
    sync.invalidate();
    floor.asked = [];
    expect(await sync.repair()).toMatchObject({ ok: true, full: true });
    expect(floor.asked[0]).toEqual({ since: 0, after: null });
  });

  it('closed() forgets an auction at once (AUCTION_CLOSED)', async () => {
    const { sync } = setup(4);
    await sync.full();
    sync.closed('LOT02');
    expect(sync.entries().map((e) => e.item)).toEqual(['lot00', 'lot01', 'lot03']);
  });
});
