// How the client core learns the server's increment policy (PROTOCOL.md has no message for it).
import { describe, expect, it } from '@jest/globals';
import type { BidUpdate } from '../protocol/messages.js';
import { IncrementTracker, policyFromRejection, type KnownIncrements } from './increments.js';

const upd = (rq: number, item: string, cents: number, bidder: string): BidUpdate => ({
  type: 'BID_UPDATE',
  rq: String(rq),
  item,
  highestBid: cents,
  bidder,
  timeLeft: 60,
});

describe('policyFromRejection', () => {
  it.each([
    ['Amount must be at least 10.01 (highest bid 10.00 + 0.01)', 'cent'],
    ['Max_Amount must be at least 10.50 (highest bid 10.00 + 0.50)', 'ebay'],
    ['Amount must be at least 5100.00 (highest bid 5000.00 + 100.00)', 'ebay'],
    ['Amount must be at least 1.04 (highest bid 0.99 + 0.05)', 'ebay'],
    ['Amount must be at least 10.30 (highest bid 10.00 + 0.30)', null], // neither policy: say nothing
    ['Amount must be at least the current price 10.00', null],
    ['You cannot bid on your own item', null],
  ])('%s → %s', (reason, policy) => {
    expect(policyFromRejection(reason)).toBe(policy);
  });
});

describe('IncrementTracker', () => {
  it('assumes cent, learns from a rejection, and reports each change once', () => {
    const seen: KnownIncrements[] = [];
    const t = new IncrementTracker(undefined, (k) => seen.push(k));
    expect(t.current).toEqual({ policy: 'cent', source: 'assumed' });
    expect(t.minimumBid(1000, true)).toBe(1001);
    t.rejected('Amount must be at least 10.50 (highest bid 10.00 + 0.50)');
    t.rejected('Amount must be at least 26.00 (highest bid 25.00 + 1.00)');
    expect(t.current).toEqual({ policy: 'ebay', source: 'learned' });
    expect(t.minimumBid(1000, true)).toBe(1050);
    expect(t.minimumBid(1000, false)).toBe(1000);
    expect(seen).toEqual([{ policy: 'ebay', source: 'learned' }]);
  });

  it('an option is never overridden', () => {
    const t = new IncrementTracker('ebay');
    t.rejected('Amount must be at least 10.01 (highest bid 10.00 + 0.01)');
    expect(t.current).toEqual({ policy: 'ebay', source: 'option' });
  });

  it('observes ebay from a maximum answering one band increment above, at consecutive RQ#s', () => {
    const t = new IncrementTracker(undefined);
    t.update(upd(10, 'lamp', 1000, 'ann'));
    t.update(upd(11, 'lamp', 2000, 'bob'));
    expect(t.current.source).toBe('assumed');
    t.update(upd(12, 'lamp', 2050, 'ann'));
    expect(t.current).toEqual({ policy: 'ebay', source: 'observed' });
    // a rejection is more trustworthy and corrects it
    t.rejected('Amount must be at least 20.51 (highest bid 20.50 + 0.01)');
    expect(t.current).toEqual({ policy: 'cent', source: 'learned' });
  });

  it('does not observe from pushes that are not an answer', () => {
    const cases: BidUpdate[][] = [
      [upd(10, 'lamp', 1000, 'ann'), upd(11, 'lamp', 2000, 'bob'), upd(13, 'lamp', 2050, 'ann')], // a gap in RQ#s
      [upd(10, 'lamp', 1000, 'ann'), upd(11, 'lamp', 2000, 'bob'), upd(12, 'lamp', 2050, 'cy')], // not the old leader
      [upd(10, 'lamp', 1000, 'ann'), upd(11, 'lamp', 2000, 'bob'), upd(12, 'lamp', 2001, 'ann')], // cent's answer
      [upd(10, 'lamp', 1000, 'ann'), upd(11, 'vase', 2000, 'bob'), upd(12, 'lamp', 2050, 'ann')], // other items
    ];
    for (const c of cases) {
      const t = new IncrementTracker(undefined);
      for (const m of c) t.update(m);
      expect(t.current).toEqual({ policy: 'cent', source: 'assumed' });
    }
  });
});
