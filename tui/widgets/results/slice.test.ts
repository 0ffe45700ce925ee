import { describe, expect, it } from '@jest/globals';
import type { Action, AuctionState } from '../../state/model.js';
import { CLOSED_LINGER_MS } from '../../state/model.js';
import { push, run, stateAs, T0 } from '../../testing/state.js';
import { resultMark } from './selectors.js';
import { RESULTS_LIMIT } from './slice.js';

const user = (name: string, role: 'buyer' | 'seller'): AuctionState => stateAs(role, name, 's');

const announce = (item: string, price: number): Action =>
  push({ type: 'AUCTION_ANNOUNCE', rq: '1', item, description: `A ${item}`, currentPrice: price, timeLeft: 60 });
const closed = (item: string, finalPrice: number, winner: string | null, rq = '9'): Action =>
  push({ type: 'AUCTION_CLOSED', rq, item, finalPrice, winner });

describe('reducer: recent results', () => {
  it('an AUCTION_CLOSED becomes a result, newest first, and outlives the table row', () => {
    let s = run(
      user('alice', 'buyer'),
      announce('lamp', 1000),
      announce('vase', 500),
      push({ type: 'BID_UPDATE', rq: '2', item: 'lamp', highestBid: 1200, bidder: 'bob', timeLeft: 50 }),
      [T0 + 1000, closed('lamp', 1200, 'bob')],
      [T0 + 2000, closed('vase', 500, null)],
    );
    expect(s.results.entries.map((r) => [r.item, r.finalPrice, r.winner, r.at])).toEqual([
      ['vase', 500, null, T0 + 2000],
      ['lamp', 1200, 'bob', T0 + 1000],
    ]);
    s = run(s, [T0 + 2000 + CLOSED_LINGER_MS, { type: 'tick' }]);
    // Only the selected row stays (closed, until the user moves: issue 19.2).
    expect([...s.auctions.values()].map((a) => a.key)).toEqual([s.selected]);
    expect(s.results.entries).toHaveLength(2);
  });

  it('a duplicate close is recorded once; an item closed without being seen open still counts', () => {
    const s = run(user('alice', 'buyer'), closed('lamp', 1200, 'bob', '9'), [
      T0 + 500,
      closed('lamp', 1200, 'bob', '10'),
    ]);
    expect(s.results.entries).toHaveLength(1);
    expect(s.results.entries[0]).toMatchObject({ item: 'lamp', seller: null, myBid: null });
  });

  it("marks results from this user's side", () => {
    let buyer = run(
      user('alice', 'buyer'),
      announce('lamp', 1000),
      announce('vase', 1000),
      { type: 'bidResult', item: 'lamp', amount: 1000, me: 'alice', outcome: { ok: true } },
      { type: 'bidResult', item: 'vase', amount: 1000, me: 'alice', outcome: { ok: true } },
      closed('lamp', 1000, 'alice'),
      closed('vase', 1100, 'bob'),
    );
    expect(buyer.results.entries.map((r) => resultMark(r, 'alice'))).toEqual(['lost', 'won']);
    buyer = run(buyer, closed('clock', 900, 'carol'));
    expect(resultMark(buyer.results.entries[0], 'alice')).toBeNull();

    const seller = run(
      user('sam', 'seller'),
      {
        type: 'listResult',
        listing: { item: 'lamp', description: 'd', startPrice: 1000, duration: 60 },
        me: 'sam',
        outcome: { ok: true },
      },
      {
        type: 'listResult',
        listing: { item: 'vase', description: 'd', startPrice: 1000, duration: 60 },
        me: 'sam',
        outcome: { ok: true },
      },
      closed('lamp', 1500, 'bob'),
      closed('vase', 1000, null),
    );
    expect(seller.results.entries.map((r) => [r.seller, resultMark(r, 'sam')])).toEqual([
      ['sam', 'unsold'],
      ['sam', 'sold'],
    ]);
    expect(resultMark(seller.results.entries[0], null)).toBeNull();
  });

  it('keeps the last RESULTS_LIMIT results', () => {
    let s = user('alice', 'buyer');
    for (let i = 0; i < RESULTS_LIMIT + 5; i++) s = run(s, closed(`item${i}`, 100, null, String(i)));
    expect(s.results.entries).toHaveLength(RESULTS_LIMIT);
    expect(s.results.entries[0].item).toBe(`item${RESULTS_LIMIT + 4}`);
  });

  it('h toggles the list in place of the event log', () => {
    let s = run(user('alice', 'buyer'), { type: 'resultsToggle' });
    expect(s.results.shown).toBe(true);
    s = run(s, { type: 'resultsToggle' });
    expect(s.results.shown).toBe(false);
  });
});
