// Maximum bids in the TUI's state (issue 12 part 5): MAX_BID_SET, the standing it gives, an automatic
// answer told apart from someone typing a bid, and the minimum next bid under the increments in force.
import { describe, expect, it } from '@jest/globals';
import type { Action, AuctionState } from './model.js';
import { push, run, stateAs, T0 } from '../testing/state.js';
import { minimumBid, standing, standingText } from './auction-selectors.js';

const buyer = (): AuctionState => stateAs('buyer');
const announce = (item: string, price: number): Action =>
  push({ type: 'AUCTION_ANNOUNCE', rq: '1', item, description: `A ${item}`, currentPrice: price, timeLeft: 300 });
const update = (rq: number, item: string, cents: number, bidder: string): Action =>
  push({ type: 'BID_UPDATE', rq: String(rq), item, highestBid: cents, bidder, timeLeft: 290 });
const maxSet = (amount: number, price: number, leader: string): Action => ({
  type: 'maxBidResult',
  item: 'lamp',
  amount,
  me: 'alice',
  outcome: { ok: true },
  price,
  leader,
});

describe('maximum bids', () => {
  it('MAX_BID_SET leading: "you lead · max $19.00"; a challenger under it is answered, with no alarm', () => {
    let s = run(buyer(), announce('lamp', 1000), maxSet(1900, 1000, 'alice'));
    const lamp = s.auctions.get('lamp')!;
    expect(lamp).toMatchObject({ myMax: 1900, currentPrice: 1000, highBidder: 'alice', myBid: 1000 });
    expect(standingText(lamp, 'alice')).toBe('you lead · max $19.00');
    expect(s.log[0].text).toBe('Maximum $19.00 on lamp set: you lead at $10.00; the server bids for you up to $19.00');
    // bob bids 12.00, alice's maximum answers at 12.01: two BID_UPDATEs, in order.
    s = run(s, update(41, 'lamp', 1000, 'alice'), update(42, 'lamp', 1200, 'bob'), update(43, 'lamp', 1201, 'alice'));
    expect(s.log.slice(0, 2).map((l) => l.text)).toEqual([
      'You lead lamp at $12.01 (your maximum $19.00 bids for you)',
      'lamp $12.00 bid by bob: your maximum answers',
    ]);
    expect(s.bells).toBe(0);
    expect(standing(s.auctions.get('lamp')!, 'alice')).toBe('leading');
  });

  it('MAX_BID_SET with someone else leading: outbid at once, said so', () => {
    const s = run(buyer(), announce('lamp', 1000), update(5, 'lamp', 1500, 'bob'), maxSet(1600, 1601, 'bob'));
    expect(s.auctions.get('lamp')!).toMatchObject({ myMax: 1600, currentPrice: 1601, highBidder: 'bob', myBid: 1600 });
    expect(standingText(s.auctions.get('lamp')!, 'alice')).toBe('outbid');
    expect(s.log[0]).toMatchObject({
      tone: 'bad',
      text: "Maximum $16.00 on lamp set, but bob's maximum is higher: outbid at $16.01",
    });
    expect(s.bells).toBe(1);
  });

  it('a plain bid that an automatic bid beats at once says so', () => {
    let s = run(buyer(), announce('lamp', 1000));
    s = run(s, { type: 'bidResult', item: 'lamp', amount: 2000, me: 'alice', outcome: { ok: true } });
    s = run(s, update(70, 'lamp', 2000, 'alice'), update(71, 'lamp', 2001, 'carol'));
    expect(s.status?.text).toBe(
      "lamp: outbid at once by an automatic bid — the price is now $20.01 (carol's maximum is higher)",
    );
    expect(s.bells).toBe(1);
  });

  it('someone bidding later (not the next RQ#, or much later, or far above) is an ordinary outbid', () => {
    const base = run(buyer(), announce('lamp', 1000), update(70, 'lamp', 2000, 'alice'));
    const text = (s: AuctionState) => s.log[0].text;
    expect(text(run(base, update(75, 'lamp', 2001, 'carol')))).toBe('Outbid on lamp: carol bid $20.01');
    expect(text(run(base, [T0 + 5000, update(71, 'lamp', 2001, 'carol')]))).toBe('Outbid on lamp: carol bid $20.01');
    expect(text(run(base, update(71, 'lamp', 5000, 'carol')))).toBe('Outbid on lamp: carol bid $50.00');
  });

  it('a refused maximum says why', () => {
    const s = run(buyer(), announce('lamp', 1000), {
      type: 'maxBidResult',
      item: 'lamp',
      amount: 900,
      me: 'alice',
      outcome: { ok: false, reason: 'Max_Amount must be at least 10.00' },
    });
    expect(s.status).toMatchObject({
      tone: 'bad',
      text: 'Maximum $9.00 on lamp refused: Max_Amount must be at least 10.00',
    });
    expect(s.auctions.get('lamp')!.myMax).toBeUndefined();
  });

  it('the minimum next bid follows the increments in force', () => {
    let s = run(buyer(), announce('lamp', 1000), update(3, 'lamp', 2000, 'bob'));
    expect(minimumBid(s.auctions.get('lamp')!, s.increments.policy)).toBe(2001);
    s = run(s, { type: 'increments', increments: { policy: 'ebay', source: 'learned' } });
    expect(minimumBid(s.auctions.get('lamp')!, s.increments.policy)).toBe(2050);
    // An open bid prompt follows it too.
    s = run(s, { type: 'bidOpen', item: 'lamp', draft: '20.50', mode: 'max' });
    s = run(s, update(4, 'lamp', 2500, 'bob'));
    expect(s.modal).toMatchObject({ kind: 'bid', mode: 'max', draft: '26.00' });
  });
});
