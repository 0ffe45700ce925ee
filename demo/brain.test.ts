import { describe, expect, it } from '@jest/globals';
import { fields } from '../shared/protocol/index.js';
import { secretFor } from './bots.js';
import { BidderBrain } from './brain.js';
import { FloorPicture, type ListingInfo } from './floor-picture.js';
import { seededRandom } from '../shared/random.js';
import { BIDDERS, SELLERS, type BidderPersona } from './seed.js';

const listing = (over: Partial<ListingInfo> = {}): ListingInfo => ({
  item: 'lamp',
  description: 'a red lamp',
  startPrice: 10_000,
  durationS: 120,
  seller: 'vintage_vera',
  category: 'home',
  appeal: 'hot',
  sleepy: false,
  ...over,
});

const bea: BidderPersona = { name: 'bea', budget: 1_000_000, likes: ['home'], eagerness: 1, address: '1 Main St' };

describe('FloorPicture', () => {
  it('follows listing, bids, a price cut and the close', () => {
    const m = new FloorPicture();
    const lot = m.listed(listing(), 0);
    expect(m.open(0)).toEqual([lot]);
    m.apply({ type: 'PRICE_ADJUSTMENT', rq: '1', item: 'lamp', newPrice: 8000, timeLeft: 60 }, 60_000);
    expect(lot.price).toBe(8000);
    m.apply({ type: 'BID_UPDATE', rq: '2', item: 'LAMP', highestBid: 8000, bidder: 'ann', timeLeft: 50 }, 70_000);
    expect(lot).toMatchObject({ price: 8000, leader: 'ann', hasBid: true, bids: 1, closesAt: 120_000 });
    // A late, lower update (reordered datagram) does not move the price back.
    m.bidAccepted('lamp', 'bob', 8500);
    m.apply({ type: 'BID_UPDATE', rq: '3', item: 'lamp', highestBid: 8100, bidder: 'cy', timeLeft: 49 }, 71_000);
    expect(lot).toMatchObject({ price: 8500, leader: 'bob' });
    expect(m.committed('bob', 71_000)).toBe(8500);
    // A price cut after a bid is not possible (§5): ignored.
    m.apply({ type: 'PRICE_ADJUSTMENT', rq: '4', item: 'lamp', newPrice: 10, timeLeft: 40 }, 72_000);
    expect(lot.price).toBe(8500);
    const closed = m.apply({ type: 'AUCTION_CLOSED', rq: '5', item: 'lamp', finalPrice: 8500, winner: 'bob' }, 120_000);
    expect(closed).toBe(lot);
    expect(m.size).toBe(0);
  });

  it('learns of auctions it did not list, and a relisted item is a new lot', () => {
    const m = new FloorPicture();
    m.apply(
      { type: 'AUCTION_ANNOUNCE', rq: '1', item: 'vase', description: 'blue vase', currentPrice: 500, timeLeft: 30 },
      0,
    );
    const first = m.get('vase')!;
    expect(first).toMatchObject({ price: 500, seller: null, closesAt: 30_000, hasBid: false });
    m.apply({ type: 'AUCTION_CLOSED', rq: '2', item: 'vase', finalPrice: 500, winner: null }, 30_000);
    const again = m.listed(listing({ item: 'vase' }), 40_000);
    expect(again.id).not.toBe(first.id);
  });

  it('a catalog corrects prices and drops lots whose AUCTION_CLOSED was lost', () => {
    const m = new FloorPicture();
    m.listed(listing({ item: 'a', durationS: 10 }), 0);
    m.listed(listing({ item: 'b', durationS: 100 }), 0);
    const dropped = m.catalog(
      [
        { item: 'b', description: 'x', currentPrice: 12_000, timeLeft: 80 },
        { item: 'c', description: 'new', currentPrice: 100, timeLeft: 5 },
      ],
      20_000,
    );
    expect(dropped.map((l) => l.item)).toEqual(['a']);
    expect(m.get('b')).toMatchObject({ price: 12_000, closesAt: 100_000 });
    expect(m.get('c')).toMatchObject({ price: 100, seller: null });
  });
});

describe('BidderBrain', () => {
  it('bids within its limit, never on a lot it leads, at most once per look', () => {
    const m = new FloorPicture();
    m.listed(listing({ item: 'a' }), 0);
    m.listed(listing({ item: 'b' }), 0);
    const brain = new BidderBrain(bea, seededRandom(1));
    let now = 0;
    const bids: string[] = [];
    for (let i = 0; i < 200 && now < 115_000; i++) {
      const d = brain.decide(m, now);
      if (d.bid) {
        expect(d.bid.amount).toBeGreaterThanOrEqual(d.bid.lot.hasBid ? d.bid.lot.price + 1 : d.bid.lot.price);
        expect(d.bid.lot.leader).not.toBe('bea');
        m.bidAccepted(d.bid.lot.item, 'bea', d.bid.amount);
        bids.push(d.bid.lot.item);
      }
      expect(d.nextLookMs).toBeGreaterThan(0);
      now += d.nextLookMs;
    }
    // Alone on the floor: it bids once on each lot it wants and then just watches (it leads).
    const wanted = ['a', 'b'].filter((item) => brain.interestIn(m.get(item)!).limit !== null);
    expect(wanted.length).toBeGreaterThan(0);
    expect(bids.sort()).toEqual(wanted);
  });

  it('gives up when the price passes its limit or its budget', () => {
    const m = new FloorPicture();
    const lot = m.listed(listing(), 0);
    const brain = new BidderBrain(bea, seededRandom(2));
    const it = brain.interestIn(lot);
    expect(it.limit).not.toBeNull(); // likes 'home', hot: interested (p = 0.8 with this seed)
    m.apply(
      { type: 'BID_UPDATE', rq: '1', item: 'lamp', highestBid: it.limit! + 100, bidder: 'zed', timeLeft: 60 },
      Math.max(it.noticeAt, 1),
    );
    const d = brain.decide(m, Math.max(it.noticeAt, 1));
    expect(d.bid).toBeNull();
    expect(d.gaveUp).toEqual([{ lot, reason: 'too expensive' }]);
    expect(brain.hasGivenUp(lot)).toBe(true);
    expect(brain.decide(m, Math.max(it.noticeAt, 1) + 1000).gaveUp).toEqual([]); // said once

    const poor = new BidderBrain({ ...bea, name: 'poor', budget: 5000 }, seededRandom(2));
    const m2 = new FloorPicture();
    const lot2 = m2.listed(listing(), 0);
    const d2 = poor.decide(m2, 100_000);
    expect(d2.gaveUp).toEqual([{ lot: lot2, reason: 'over budget' }]);
  });

  it('does not notice a sleepy lot before half time (so the server asks the seller to negotiate)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const m = new FloorPicture();
      const lot = m.listed(listing({ sleepy: true, durationS: 100 }), 0);
      const brain = new BidderBrain(bea, seededRandom(seed));
      expect(brain.interestIn(lot).noticeAt).toBeGreaterThanOrEqual(55_000);
      for (let t = 0; t < 50_000; t += 1000) expect(brain.decide(m, t).bid).toBeNull();
    }
  });

  it('bursts near the close: looks again within 2 s and bids most looks', () => {
    let bidsEarly = 0;
    let bidsClosing = 0;
    for (let seed = 0; seed < 200; seed++) {
      const m = new FloorPicture();
      m.listed(listing({ durationS: 600 }), 0);
      const brain = new BidderBrain(bea, seededRandom(seed));
      if (brain.decide(m, 100_000).bid) bidsEarly++;
      m.apply({ type: 'BID_UPDATE', rq: '1', item: 'lamp', highestBid: 10_000, bidder: 'zed', timeLeft: 5 }, 595_000);
      const d = brain.decide(m, 595_000);
      if (d.bid) bidsClosing++;
      if (brain.interestIn(m.get('lamp')!).limit !== null) expect(d.nextLookMs).toBeLessThanOrEqual(1800);
    }
    expect(bidsClosing).toBeGreaterThan(bidsEarly * 2);
  });

  it('never bids on its own listing', () => {
    const m = new FloorPicture();
    m.listed(listing({ seller: 'bea' }), 0);
    const brain = new BidderBrain(bea, seededRandom(3));
    for (let t = 0; t < 120_000; t += 500) expect(brain.decide(m, t).bid).toBeNull();
  });
});

describe('demo accounts', () => {
  it('bot secrets are valid (PROTOCOL.md §2 Secret)', () => {
    for (const p of [...SELLERS, ...BIDDERS]) expect(fields.secret(secretFor(p.name))).toMatchObject({ ok: true });
  });
});
