// §5 Maximum (proxy) bids: every case of the contest, as a table (pure: the auction and the entry in,
// the bids to record out), then a property over random sequences of BIDs and MAX_BIDs against an
// independent reference computation, through the real dispatch (UnitServer, no sockets).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatMoney, increment, minimumNextBid, type IncrementPolicy } from '../../shared/protocol/index.js';
import { applyChange } from '../state/changes.js';
import { emptyDoc } from '../state/model.js';
import { auctionWith, type AuctionSpec } from '../testing/auctions.js';
import { UnitServer } from '../testing/unit-server.js';
import { contest, type Contest, type Entry } from './proxy.js';

type Case = [string, IncrementPolicy, AuctionSpec, Entry, Contest];
const bid = (bidder: string, cents: number): Entry => ({ bidder, cents, kind: 'bid' });
const max = (bidder: string, cents: number): Entry => ({ bidder, cents, kind: 'max' });
const rec = (...bs: Array<[string, number]>) => bs.map(([bidder, cents]) => ({ bidder, cents }));
const annLeadsWithMax = { bids: [['ann', 1000]], max: ['ann', 1900] } as AuctionSpec;

const CASES: Case[] = [
  // no bid yet
  [
    'first plain bid leads at its amount',
    'cent',
    {},
    bid('ann', 1200),
    { recorded: rec(['ann', 1200]), leaderMax: null, price: 1200, leader: 'ann' },
  ],
  [
    'first MAX_BID leads at the current price',
    'cent',
    {},
    max('ann', 1900),
    { recorded: rec(['ann', 1000]), leaderMax: { bidder: 'ann', cents: 1900 }, price: 1000, leader: 'ann' },
  ],
  [
    'first MAX_BID after a negotiated price leads at that price',
    'cent',
    { start: 800 },
    max('ann', 1900),
    { recorded: rec(['ann', 800]), leaderMax: { bidder: 'ann', cents: 1900 }, price: 800, leader: 'ann' },
  ],
  // a challenger against the leader's maximum
  [
    'higher MAX_BID leads at the old maximum + increment',
    'cent',
    annLeadsWithMax,
    max('bob', 2500),
    { recorded: rec(['bob', 1901]), leaderMax: { bidder: 'bob', cents: 2500 }, price: 1901, leader: 'bob' },
  ],
  [
    'higher MAX_BID by one cent leads at its own maximum',
    'cent',
    annLeadsWithMax,
    max('bob', 1901),
    { recorded: rec(['bob', 1901]), leaderMax: { bidder: 'bob', cents: 1901 }, price: 1901, leader: 'bob' },
  ],
  [
    'equal MAX_BID: the first placed keeps the lead, at that maximum',
    'cent',
    annLeadsWithMax,
    max('bob', 1900),
    { recorded: rec(['bob', 1900], ['ann', 1900]), leaderMax: 'unchanged', price: 1900, leader: 'ann' },
  ],
  [
    'lower MAX_BID is answered just above it',
    'cent',
    annLeadsWithMax,
    max('bob', 1500),
    { recorded: rec(['bob', 1500], ['ann', 1501]), leaderMax: 'unchanged', price: 1501, leader: 'ann' },
  ],
  [
    'plain bid under a maximum is answered at once',
    'cent',
    annLeadsWithMax,
    bid('bob', 1200),
    { recorded: rec(['bob', 1200], ['ann', 1201]), leaderMax: 'unchanged', price: 1201, leader: 'ann' },
  ],
  [
    'plain bid one cent under the maximum: answered at the maximum',
    'cent',
    annLeadsWithMax,
    bid('bob', 1899),
    { recorded: rec(['bob', 1899], ['ann', 1900]), leaderMax: 'unchanged', price: 1900, leader: 'ann' },
  ],
  [
    'plain bid equal to the maximum: the maximum keeps the lead',
    'cent',
    annLeadsWithMax,
    bid('bob', 1900),
    { recorded: rec(['bob', 1900], ['ann', 1900]), leaderMax: 'unchanged', price: 1900, leader: 'ann' },
  ],
  [
    'plain bid above the maximum leads at its amount',
    'cent',
    annLeadsWithMax,
    bid('bob', 2000),
    { recorded: rec(['bob', 2000]), leaderMax: null, price: 2000, leader: 'bob' },
  ],
  [
    'MAX_BID against a plain leader leads at its bid + increment',
    'cent',
    { bids: [['ann', 1200]] },
    max('bob', 3000),
    { recorded: rec(['bob', 1201]), leaderMax: { bidder: 'bob', cents: 3000 }, price: 1201, leader: 'bob' },
  ],
  // the leader
  [
    'leader raising its maximum: nothing recorded, the price does not move',
    'cent',
    annLeadsWithMax,
    max('ann', 3000),
    { recorded: [], leaderMax: { bidder: 'ann', cents: 3000 }, price: 1000, leader: 'ann' },
  ],
  [
    'plain leader setting a maximum: nothing recorded, the price does not move',
    'cent',
    { bids: [['ann', 1200]] },
    max('ann', 3000),
    { recorded: [], leaderMax: { bidder: 'ann', cents: 3000 }, price: 1200, leader: 'ann' },
  ],
  [
    'leader bidding above its own maximum leads plainly at that amount',
    'cent',
    annLeadsWithMax,
    bid('ann', 2000),
    { recorded: rec(['ann', 2000]), leaderMax: null, price: 2000, leader: 'ann' },
  ],
  // ebay increments
  [
    'ebay: a plain bid under a maximum is answered one band increment above',
    'ebay',
    { bids: [['ann', 1000]], max: ['ann', 10_000] },
    bid('bob', 2000),
    { recorded: rec(['bob', 2000], ['ann', 2050]), leaderMax: 'unchanged', price: 2050, leader: 'ann' },
  ],
  [
    'ebay: band edge 24.99 → +0.50',
    'ebay',
    { bids: [['ann', 1000]], max: ['ann', 10_000] },
    bid('bob', 2499),
    { recorded: rec(['bob', 2499], ['ann', 2549]), leaderMax: 'unchanged', price: 2549, leader: 'ann' },
  ],
  [
    'ebay: band edge 25.00 → +1.00',
    'ebay',
    { bids: [['ann', 1000]], max: ['ann', 10_000] },
    bid('bob', 2500),
    { recorded: rec(['bob', 2500], ['ann', 2600]), leaderMax: 'unchanged', price: 2600, leader: 'ann' },
  ],
  [
    'ebay: the answer never exceeds the maximum',
    'ebay',
    { bids: [['ann', 1000]], max: ['ann', 2520] },
    bid('bob', 2500),
    { recorded: rec(['bob', 2500], ['ann', 2520]), leaderMax: 'unchanged', price: 2520, leader: 'ann' },
  ],
  [
    'ebay: a higher maximum leads at the old one + its band increment',
    'ebay',
    { bids: [['ann', 1000]], max: ['ann', 9_999] },
    max('bob', 50_000),
    { recorded: rec(['bob', 10_099]), leaderMax: { bidder: 'bob', cents: 50_000 }, price: 10_099, leader: 'bob' },
  ],
  [
    'ebay: from 5,000.00 the step is 100.00',
    'ebay',
    { start: 100, bids: [['ann', 400_000]], max: ['ann', 600_000] },
    max('bob', 550_000),
    { recorded: rec(['bob', 550_000], ['ann', 560_000]), leaderMax: 'unchanged', price: 560_000, leader: 'ann' },
  ],
];

describe('the contest (rules/proxy.ts)', () => {
  it.each(CASES)('%s (%s)', (_label, policy, spec, entry, expected) => {
    expect(contest(auctionWith(spec), entry, policy)).toEqual(expected);
  });
});

// ---- the property -------------------------------------------------------------------------------

/**
 * PROTOCOL.md §5 read literally, as an independent reference: each bidder's maximum (a plain BID is a
 * maximum of its amount), the leader = highest maximum (earliest on ties), the price = the leader's
 * amount if its bid is plain, else min(its maximum, second-highest maximum + increment), never below
 * the asking price; the leader raising its own maximum does not move the price.
 */
class Reference {
  maxima = new Map<string, { cents: number; seq: number; plain: boolean }>();
  price: number;
  leader: string | null = null;
  private seq = 0;

  constructor(
    private readonly asking: number,
    private readonly policy: IncrementPolicy,
  ) {
    this.price = asking;
  }

  /** Whether §5 takes this entry (the bidder is a buyer on an open auction). */
  accepts(e: Entry): boolean {
    if (this.leader === null) return e.cents >= this.asking;
    const own = this.maxima.get(this.leader)!;
    // The leader raises its maximum above the old one; a plain bid of the leader must also beat its own maximum.
    if (e.bidder === this.leader)
      return e.kind === 'max' ? e.cents > own.cents : e.cents > own.cents && e.cents >= this.min();
    return e.cents >= this.min();
  }

  min(): number {
    return minimumNextBid(this.policy, this.price, this.leader !== null);
  }

  apply(e: Entry): void {
    const raise = e.kind === 'max' && e.bidder === this.leader;
    const first = this.leader === null;
    this.maxima.set(e.bidder, { cents: e.cents, seq: this.seq++, plain: e.kind === 'bid' });
    const ranked = [...this.maxima.entries()].sort((a, b) => b[1].cents - a[1].cents || a[1].seq - b[1].seq);
    const [leader, top] = ranked[0];
    this.leader = leader;
    if (raise) return;
    if (top.plain) this.price = top.cents;
    else if (first || ranked.length === 1) this.price = this.asking;
    else {
      const second = ranked[1][1].cents;
      this.price = Math.max(this.asking, Math.min(top.cents, second + increment(this.policy, second)));
    }
  }
}

const BIDDERS = ['ann', 'bob', 'cy', 'dee'];
const step = fc.record({
  who: fc.integer({ min: 0, max: BIDDERS.length - 1 }),
  kind: fc.constantFrom<'bid' | 'max'>('bid', 'max'),
  // relative to the minimum next bid: mostly at or above it, sometimes below (refused)
  delta: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 3000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -300, max: -1 }) },
  ),
});

describe('proxy bidding, property', () => {
  it('the leader holds the highest maximum, the price never exceeds it nor drops, and equals the reference', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<IncrementPolicy>('cent', 'ebay'),
        fc.integer({ min: 1, max: 200_000 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        (policy, start, steps) => {
          const u = new UnitServer({ increments: policy });
          const sam = u.account('sam', 'seller');
          const addr = Object.fromEntries(BIDDERS.map((b) => [b, u.account(b, 'buyer')]));
          u.reply(sam, `LIST_ITEM 2 lamp Brass lamp ${formatMoney(start)} 600`);
          const ref = new Reference(start, policy);
          let lastPrice = start;
          steps.forEach((s, i) => {
            const bidder = BIDDERS[s.who];
            const cents = Math.max(1, ref.min() + s.delta);
            const entry: Entry = { bidder, cents, kind: s.kind };
            const rq = 10 + i;
            const reply = u.reply(
              addr[bidder],
              `${s.kind === 'bid' ? 'BID' : 'MAX_BID'} ${rq} lamp ${formatMoney(cents)}`,
            );
            const accepted = !reply.startsWith('BID_REJECTED');
            expect({ entry, accepted }).toEqual({ entry, accepted: ref.accepts(entry) });
            if (!accepted) return;
            ref.apply(entry);
            const a = u.auction('lamp')!;
            const top = a.bids[a.bids.length - 1];
            // the server's price and leader are the reference's, in its state and its reply
            expect({ price: top.cents, leader: top.bidder }).toEqual({ price: ref.price, leader: ref.leader });
            if (s.kind === 'max') expect(reply).toBe(`MAX_BID_SET ${rq} lamp ${formatMoney(ref.price)} ${ref.leader}`);
            else expect(reply).toBe(`BID_ACCEPTED ${rq}`);
            // the leader holds the highest maximum; the price never exceeds it and never drops
            const highest = Math.max(...[...ref.maxima.values()].map((m) => m.cents));
            const leaderMax = a.maxBid?.bidder === top.bidder ? a.maxBid.cents : top.cents;
            expect(leaderMax).toBe(highest);
            expect(top.cents).toBeLessThanOrEqual(leaderMax);
            expect(top.cents).toBeGreaterThanOrEqual(lastPrice);
            lastPrice = top.cents;
          });
          // replaying the change log gives the document the live server holds
          const replayed = emptyDoc();
          for (const c of u.changes) applyChange(replayed, c);
          replayed.seq = u.store.doc.seq;
          expect(JSON.parse(JSON.stringify(replayed))).toEqual(JSON.parse(JSON.stringify(u.store.doc)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
