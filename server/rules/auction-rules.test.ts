// The pure rules of §5, as tables, with the clock passed in: who may bid and how much (both policies),
// maximum bids, soft close, and the negotiation's phase and refusals.
import { describe, expect, it } from '@jest/globals';
import type { IncrementPolicy } from '../../shared/protocol/index.js';
import type { Auction } from '../state/model.js';
import { accountOf, auctionWith, type AuctionSpec } from '../testing/auctions.js';
import { T0 } from '../testing/unit-server.js';
import {
  bidRefusal,
  maxBidRefusal,
  minimumBid,
  negotiationDueAt,
  negotiationPhase,
  negotiationRefusal,
  softCloseAfterBid,
  type NegotiationPhase,
} from './auction-rules.js';

const NOW = T0 + 5000;
const ann = accountOf('ann');
const annLeadsWithMax: AuctionSpec = { bids: [['ann', 1000]], max: ['ann', 1900] };

describe('bidRefusal (§5 Bids)', () => {
  type Row = [string, AuctionSpec | null, string, number, IncrementPolicy, string | null, number?];
  const closed = (): Auction => ({ ...auctionWith(), status: 'closed' });
  it.each<Row>([
    ['a first bid at the current price', {}, 'ann', 1000, 'cent', null],
    ['a first bid below the current price', {}, 'ann', 999, 'cent', 'Amount must be at least the current price 10.00'],
    ['the highest bid + 0.01', { bids: [['bob', 1000]] }, 'ann', 1001, 'cent', null],
    [
      'below the highest bid + 0.01',
      { bids: [['bob', 1000]] },
      'ann',
      1000,
      'cent',
      'Amount must be at least 10.01 (highest bid 10.00 + 0.01)',
    ],
    ['ebay: the highest bid + its band increment', { bids: [['bob', 1000]] }, 'ann', 1050, 'ebay', null],
    [
      'ebay: below it',
      { bids: [['bob', 1000]] },
      'ann',
      1049,
      'ebay',
      'Amount must be at least 10.50 (highest bid 10.00 + 0.50)',
    ],
    [
      'ebay: at 5,000.00 the step is 100.00',
      { bids: [['bob', 500_000]] },
      'ann',
      509_999,
      'ebay',
      'Amount must be at least 5100.00 (highest bid 5000.00 + 100.00)',
    ],
    ['ebay: no bid yet, the current price is enough', {}, 'ann', 1000, 'ebay', null],
    ['a bid under a maximum is a bid (the maximum answers it)', annLeadsWithMax, 'bob', 1001, 'cent', null],
    [
      'the leader bidding under its own maximum',
      annLeadsWithMax,
      'ann',
      1500,
      'cent',
      'You already lead with your maximum of 19.00; raise it with MAX_BID',
    ],
    ['the leader bidding above its own maximum', annLeadsWithMax, 'ann', 1901, 'cent', null],
    ['the plain leader bidding higher', { bids: [['ann', 1000]] }, 'ann', 1001, 'cent', null],
    ['a seller', {}, 'otto', 2000, 'cent', 'Only buyers can bid'],
    ['the seller on its own item', {}, 'sam', 2000, 'cent', 'You cannot bid on your own item'],
    ['no such auction', null, 'ann', 2000, 'cent', 'No such open auction'],
    ['at the close time', {}, 'ann', 2000, 'cent', 'Auction lamp is closed', T0 + 600_000],
  ])('%s', (_label, spec, who, amount, policy, refusal, now = NOW) => {
    const account = accountOf(who, who === 'otto' || who === 'sam' ? 'seller' : 'buyer');
    expect(bidRefusal(spec ? auctionWith(spec) : undefined, account, amount, now, policy)).toBe(refusal);
    expect(bidRefusal(closed(), ann, 2000, NOW, policy)).toBe('Auction lamp is closed');
  });

  it('minimumBid follows the policy', () => {
    expect(minimumBid(auctionWith(), 'ebay')).toBe(1000);
    expect(minimumBid(auctionWith({ bids: [['bob', 99]] }), 'ebay')).toBe(104);
    expect(minimumBid(auctionWith({ bids: [['bob', 99]] }), 'cent')).toBe(100);
  });
});

describe('maxBidRefusal (§5 Maximum bids)', () => {
  it.each<[string, AuctionSpec, string, number, IncrementPolicy, string | null]>([
    ['a first maximum at the current price', {}, 'ann', 1000, 'cent', null],
    ['a first maximum below it', {}, 'ann', 999, 'cent', 'Max_Amount must be at least the current price 10.00'],
    ['a maximum at the minimum next bid', annLeadsWithMax, 'bob', 1001, 'cent', null],
    [
      'a maximum below the minimum next bid',
      annLeadsWithMax,
      'bob',
      1000,
      'cent',
      'Max_Amount must be at least 10.01 (highest bid 10.00 + 0.01)',
    ],
    [
      'ebay: below the minimum next bid',
      { bids: [['ann', 2500]] },
      'bob',
      2599,
      'ebay',
      'Max_Amount must be at least 26.00 (highest bid 25.00 + 1.00)',
    ],
    ['the leader raising its maximum', annLeadsWithMax, 'ann', 1901, 'cent', null],
    [
      'the leader not raising it',
      annLeadsWithMax,
      'ann',
      1900,
      'cent',
      'Max_Amount must be more than your maximum 19.00',
    ],
    ['the plain leader setting a maximum above its bid', { bids: [['ann', 1200]] }, 'ann', 1201, 'cent', null],
    [
      'the plain leader setting a maximum at its bid',
      { bids: [['ann', 1200]] },
      'ann',
      1200,
      'cent',
      'Max_Amount must be more than your bid 12.00',
    ],
  ])('%s', (_label, spec, who, max, policy, refusal) => {
    expect(maxBidRefusal(auctionWith(spec), accountOf(who), max, NOW, policy)).toBe(refusal);
  });

  it('sellers, own items and closed auctions as for bids', () => {
    expect(maxBidRefusal(auctionWith(), accountOf('sam', 'seller'), 2000, NOW)).toBe('You cannot bid on your own item');
    expect(maxBidRefusal(auctionWith(), accountOf('otto', 'seller'), 2000, NOW)).toBe('Only buyers can bid');
    expect(maxBidRefusal(undefined, ann, 2000, NOW)).toBe('No such open auction');
    expect(maxBidRefusal(auctionWith(), ann, 2000, T0 + 600_000)).toBe('Auction lamp is closed');
  });
});

describe('softCloseAfterBid (§5 soft close)', () => {
  const closesAt = T0 + 600_000;
  it.each<[string, number, number, number | undefined]>([
    ['off (S = 0)', 0, closesAt - 1000, undefined],
    ['plenty of time left', 30, closesAt - 31_000, undefined],
    ['exactly S left: not fewer than S', 30, closesAt - 30_000, undefined],
    ['fewer than S left: S from now', 30, closesAt - 29_999, closesAt - 29_999 + 30_000],
    ['the last millisecond', 30, closesAt - 1, closesAt - 1 + 30_000],
  ])('%s', (_label, s, now, expected) => {
    expect(softCloseAfterBid(auctionWith(), now, s)).toBe(expected);
  });
});

describe('negotiationPhase (§5 Negotiation): the one rule of the scheduler and ACCEPT/REFUSE', () => {
  const a = (over: Partial<Auction> = {}, spec: AuctionSpec = {}): Auction => ({ ...auctionWith(spec), ...over });
  const due = negotiationDueAt(auctionWith());
  it('is due at half the duration', () => expect(due).toBe(T0 + 300_000));
  it.each<[string, Auction, number, NegotiationPhase]>([
    ['before half time', a(), due - 1, 'waiting'],
    ['at half time, no bid', a(), due, 'due'],
    ['asked, unanswered, no bid', a({ negotiation: 'asked', negotiateRq: '7' }), due + 5000, 'asked'],
    ['a bid before half time', a({}, { bids: [['ann', 1000]] }), due, 'bid'],
    ['a maximum counts as a bid', a({}, { bids: [['ann', 1000]], max: ['ann', 5000] }), due, 'bid'],
    ['asked, then a bid', a({ negotiation: 'asked', negotiateRq: '7' }, { bids: [['ann', 1000]] }), due, 'bid'],
    ['accepted', a({ negotiation: 'accepted' }), due, 'answered'],
    ['refused', a({ negotiation: 'refused' }), due, 'answered'],
    ['at the close time', a({ negotiation: 'asked' }), T0 + 600_000, 'closed'],
    ['closed', a({ status: 'closed' }), due, 'closed'],
  ])('%s → %s', (_label, auction, now, phase) => {
    expect(negotiationPhase(auction, now)).toBe(phase);
  });

  it.each<[string, Auction, string, number | null, string | null]>([
    ['accept a lower price', a({ negotiation: 'asked', negotiateRq: '7' }), '7', 800, null],
    ['refuse', a({ negotiation: 'asked', negotiateRq: '7' }), '7', null, null],
    ['not asked', a(), '7', 800, 'No negotiation was requested for lamp'],
    [
      'another RQ#',
      a({ negotiation: 'asked', negotiateRq: '7' }),
      '8',
      800,
      'RQ# 8 does not match the NEGOTIATE_REQ (7)',
    ],
    [
      'answered',
      a({ negotiation: 'refused', negotiateRq: '7' }),
      '7',
      800,
      'The negotiation for lamp was already answered',
    ],
    [
      'a bid (a maximum) came first',
      a({ negotiation: 'asked', negotiateRq: '7' }, { bids: [['ann', 1000]], max: ['ann', 5000] }),
      '7',
      800,
      'lamp has a bid now; the price can no longer be lowered',
    ],
    [
      'not lower',
      a({ negotiation: 'asked', negotiateRq: '7' }),
      '7',
      1000,
      'New_Price must be lower than the current price 10.00',
    ],
  ])('ACCEPT/REFUSE: %s', (_label, auction, rq, price, refusal) => {
    expect(negotiationRefusal(auction, accountOf('sam', 'seller'), rq, price, due + 1)).toBe(refusal);
  });
});
