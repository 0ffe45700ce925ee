// `npm run history`: the flag table, --since's forms, and the rows and totals of the report.
import { describe, expect, it } from '@jest/globals';
import type { ArchiveRecord } from './state/model.js';
import { dollars, formatRow, parseHistoryArgs, parseSince, toRow, Totals } from './history.js';

describe('parseHistoryArgs', () => {
  it.each([
    [[], { db: './db.json', query: {} }],
    [['--db', '/x/db.json'], { db: '/x/db.json', query: {} }],
    [['--item=Lamp'], { db: './db.json', query: { item: 'Lamp' } }],
    [['--since', '2026-11-03'], { db: './db.json', query: { since: Date.UTC(2026, 10, 3) } }],
    [['--since=2026-11'], { db: './db.json', query: { since: Date.UTC(2026, 10, 1) } }],
  ])('%j → %j', (argv, options) => {
    expect(parseHistoryArgs(argv)).toEqual({ kind: 'run', options });
  });

  it.each([
    [['--item', 'a b'], '--item must be 1 to 32 letters, digits, "_", "." or "-" (got "a b")'],
    [['--since', 'yesterday'], '--since must be YYYY-MM-DD, YYYY-MM (UTC) or an ISO time (got "yesterday")'],
    [['--since', '2026-02-30'], '--since must be YYYY-MM-DD, YYYY-MM (UTC) or an ISO time (got "2026-02-30")'],
    [['--since'], '--since needs a value (DATE)'],
    [['--items', 'x'], 'unknown option --items'],
  ])('%j is refused: %s', (argv, message) => {
    expect(parseHistoryArgs(argv)).toEqual({ kind: 'error', message });
  });
});

describe('parseSince', () => {
  it('reads dates as UTC midnight, and ISO times as written', () => {
    expect(parseSince('2026-01-31')).toBe(Date.UTC(2026, 0, 31));
    expect(parseSince('2026-13')).toBeNull();
    expect(parseSince('2026-11-24T12:30:00Z')).toBe(Date.UTC(2026, 10, 24, 12, 30));
    expect(parseSince('1700000000')).toBeNull();
  });
});

const base: ArchiveRecord = {
  s: 9,
  at: Date.UTC(2026, 10, 24, 13),
  auction: {
    id: 'a1',
    item: 'typewriter',
    seller: 'sam',
    description: 'Olivetti',
    startCents: 10_000,
    priceCents: 10_000,
    durationS: 60,
    openedAt: Date.UTC(2026, 10, 24, 11, 59),
    closesAt: Date.UTC(2026, 10, 24, 12),
    status: 'closed',
    bids: [
      { bidder: 'bob', cents: 12_000, at: 1 },
      { bidder: 'bea', cents: 123_456, at: 2 },
    ],
    subscribers: [],
    negotiation: 'none',
    closedAt: Date.UTC(2026, 10, 24, 12),
    winner: 'bea',
    finalCents: 123_456,
  },
  closure: null,
  transaction: null,
};

describe('rows and totals', () => {
  it('a sale: price, commission and outcome from the transaction', () => {
    const r = toRow({
      ...base,
      closure: {
        auctionId: 'a1',
        item: 'typewriter',
        finalCents: 123_456,
        rq: '5',
        startedAt: base.at,
        deadline: base.at,
        buyer: { name: 'bea', delivered: true },
        seller: { name: 'sam', delivered: true },
        state: 'complete',
        transactionId: 't1',
      },
      transaction: {
        id: 't1',
        auctionId: 'a1',
        item: 'typewriter',
        buyer: 'bea',
        seller: 'sam',
        chargedCents: 123_456,
        creditedCents: 111_110,
        commissionCents: 12_346,
        buyerCardLast4: '4242',
        sellerCardLast4: '4444',
        at: base.at,
      },
    });
    expect(formatRow(r)).toMatch(/^2026-11-24 12:00 +typewriter +sam +bea +\$1,234\.56 +\$123\.46 +2 {2}sold$/);
    const t = new Totals();
    t.add(r);
    t.add({ ...r, outcome: 'no offer', buyer: null, commissionCents: null, bids: 0 });
    expect(t.lines()).toEqual([
      '2 auctions (2 bids): 1 sold for $1,234.56, house commission $123.46; 0 cancelled; 1 with no offer',
      'Commission by month:',
      '  2026-11        1 sold         $1,234.56  commission $123.46',
    ]);
  });

  it('a cancelled sale shows its reason; no offer shows no buyer', () => {
    const closure = {
      auctionId: 'a1',
      item: 'typewriter',
      finalCents: 123_456,
      rq: '5',
      startedAt: base.at,
      deadline: base.at,
      buyer: { name: 'bea' },
      seller: { name: 'sam', delivered: true },
      state: 'cancelled' as const,
      reason: 'No payment details from bea within 120 s',
    };
    expect(formatRow(toRow({ ...base, closure }))).toMatch(
      / +bea +\$1,234\.56 +- +2 {2}cancelled: No payment details from bea within 120 s$/,
    );
    const unsold = toRow({
      ...base,
      auction: { ...base.auction, bids: [], winner: null },
      closure: { ...closure, buyer: null, state: 'unsold', reason: undefined },
    });
    expect(unsold).toMatchObject({ buyer: null, outcome: 'no offer', bids: 0 });
  });

  it('dollars groups thousands', () => {
    expect(dollars(123_456_789)).toBe('$1,234,567.89');
    expect(dollars(5)).toBe('$0.05');
  });
});
