// The slices and selectors of issue 11: sort and views, confirmations, quitting, the session moved,
// bells, and the checkout queue's order.
import { describe, expect, it } from '@jest/globals';
import type { Action, AuctionState } from './model.js';
import { DEFAULT_SETTINGS } from './model.js';
import { push, run, stateAs, T0 } from '../testing/state.js';
import { bidNeedsConfirm } from '../widgets/bid/selectors.js';
import { current } from '../widgets/checkout/selectors.js';
import { quitLoses } from '../widgets/quit/selectors.js';
import { visibleAuctions } from './table-selectors.js';

const buyer = (): AuctionState => stateAs('buyer');
const announce = (item: string, price: number, timeLeft: number): Action =>
  push({ type: 'AUCTION_ANNOUNCE', rq: '1', item, description: `A ${item}`, currentPrice: price, timeLeft });
let rq = 100;
const bid = (item: string, cents: number, bidder: string): Action =>
  push({ type: 'BID_UPDATE', rq: String(rq++), item, highestBid: cents, bidder, timeLeft: 100 });
const items = (s: AuctionState) => visibleAuctions(s).map((a) => a.item);

describe('sort and views', () => {
  const market = run(
    buyer(),
    announce('apple', 500, 300),
    announce('banana', 2000, 100),
    announce('cherry', 900, 200),
    bid('cherry', 1000, 'alice'),
    bid('banana', 2100, 'bob'),
    bid('banana', 2200, 'carol'),
  );

  it('sorts by ending soonest, price, bids, name: o cycles, open before closed', () => {
    expect(items(market)).toEqual(['banana', 'cherry', 'apple']);
    let s = run(market, { type: 'sortNext' });
    expect(s.sort).toBe('price');
    expect(items(s)).toEqual(['banana', 'cherry', 'apple']);
    s = run(s, { type: 'sortNext' });
    expect(items(s)).toEqual(['banana', 'cherry', 'apple']); // 2 bids, 1, 0
    s = run(s, { type: 'sortNext' });
    expect(items(s)).toEqual(['apple', 'banana', 'cherry']);
    s = run(s, push({ type: 'AUCTION_CLOSED', rq: '9', item: 'apple', finalPrice: 500, winner: null }));
    expect(items(s)).toEqual(['banana', 'cherry', 'apple']);
    expect(run(s, { type: 'sortNext' }).sort).toBe('ending');
  });

  it('my bids, the watchlist and my wins', () => {
    let s = run(market, { type: 'viewSet', view: 'mine' });
    expect(items(s)).toEqual(['cherry']);
    s = run(s, { type: 'subscribeResult', item: 'apple', subscribe: true, outcome: { ok: true } });
    expect(items(run(s, { type: 'viewSet', view: 'watch' }))).toEqual(['apple']);
    expect(items(run(s, { type: 'viewSet', view: 'won' }))).toEqual([]);
    s = run(s, [
      T0 + 5000,
      push({ type: 'AUCTION_CLOSED', rq: '9', item: 'cherry', finalPrice: 1000, winner: 'alice' }),
    ]);
    s = run(s, [T0 + 60_000, { type: 'tick' }]);
    const later = (view: 'all' | 'mine' | 'won') => items(run(s, [T0 + 60_000, { type: 'viewSet', view }]));
    expect(later('won')).toEqual(['cherry']);
    expect(later('mine')).toEqual(['cherry']);
    expect(later('all')).not.toContain('cherry'); // its linger is over: the market views let it go
  });
});

describe('confirmations', () => {
  const lamp = run(buyer(), announce('lamp', 6200, 100)).auctions.get('lamp')!;

  it.each<[number, string | null]>([
    [18_599, null],
    [18_600, '3× the current price $62.00'],
    [190_000, '31× the current price $62.00'],
  ])('%d cents on a $62.00 lot: %j', (amount, why) => {
    expect(bidNeedsConfirm(amount, lamp, DEFAULT_SETTINGS)).toBe(why);
  });

  it('$1,000 above the price asks too; the thresholds are settings; --no-confirm never asks', () => {
    const car = run(buyer(), announce('car', 900_000, 100)).auctions.get('car')!;
    expect(bidNeedsConfirm(999_999, car, DEFAULT_SETTINGS)).toBeNull();
    expect(bidNeedsConfirm(1_000_000, car, DEFAULT_SETTINGS)).toBe('$1,000.00 above the current price $9,000.00');
    expect(bidNeedsConfirm(18_600, lamp, { ...DEFAULT_SETTINGS, confirmRatio: 5 })).toBeNull();
    expect(bidNeedsConfirm(190_000, lamp, { ...DEFAULT_SETTINGS, confirm: false })).toBeNull();
  });

  it('the bid prompt holds the question until y, n, or an edit', () => {
    let s = run(buyer(), announce('lamp', 6200, 100), { type: 'bidOpen', item: 'lamp', draft: '62.00' });
    s = run(s, { type: 'bidConfirm', amount: 190_000, why: '31×' });
    expect(s.modal).toMatchObject({ kind: 'bid', confirm: { amount: 190_000 } });
    expect(run(s, { type: 'bidConfirmCancel' }).modal).toMatchObject({ confirm: null });
    expect(run(s, { type: 'bidDraft', text: '190' }).modal).toMatchObject({ confirm: null, draft: '190' });
  });
});

describe('quitting', () => {
  it('says what quitting would lose: a checkout waiting, a form half filled', () => {
    const s = buyer();
    expect(quitLoses(s)).toBeNull();
    const won: Action = {
      type: 'checkoutOpened',
      id: 'c1',
      opening: { type: 'WINNER', rq: '7', item: 'lamp', finalPrice: 1250, seller: 'sam' },
    };
    const asked: Action = {
      type: 'checkoutMessage',
      id: 'c1',
      msg: { type: 'INFORM_Req', rq: '7', item: 'lamp', finalPrice: 1250 },
    };
    let t = run(s, won, [T0 + 8000, asked]);
    expect(quitLoses(t)).toBe('the checkout of lamp waits for your details (2:00 left)');
    t = run(t, { type: 'checkoutSending', id: 'c1', last4: '1111' });
    expect(quitLoses(t)).toBe("the checkout of lamp waits for the server's outcome");
    t = run(t, {
      type: 'checkoutMessage',
      id: 'c1',
      msg: { type: 'PURCHASE_COMPLETE', rq: '7', item: 'lamp', finalPrice: 1250 },
    });
    expect(quitLoses(t)).toBeNull();
    const typed = run(s, announce('vase', 100, 60), { type: 'bidOpen', item: 'vase', draft: '1.00' });
    expect(quitLoses(typed)).toBeNull(); // the prefill is not work
    expect(quitLoses(run(typed, { type: 'bidDraft', text: '5' }))).toBe('the bid on vase is typed but not sent');
    const listing = run(stateAs('seller'), { type: 'listOpen' }, { type: 'listDraft', field: 'item', text: 'lamp' });
    expect(quitLoses(listing)).toBe('the listing form is half filled');
  });

  it('the question is asked and taken back', () => {
    const s = run(buyer(), { type: 'quitAsk', reason: 'x' });
    expect(s.quit).toEqual({ reason: 'x' });
    expect(run(s, { type: 'quitCancel' }).quit).toBeNull();
  });
});

describe('the session moved', () => {
  it('is said once, with a bell; taking it back waits for the LOGIN', () => {
    let s = run(buyer(), { type: 'sessionMoved', name: 'alice' });
    expect(s.account).toMatchObject({ loggedIn: false, moved: true });
    expect(s.log[0].text).toBe(
      'alice logged in from another terminal: this one no longer bids or sells. Press L to take the session back here.',
    );
    expect(s.bells).toBe(1);
    s = run(s, { type: 'sessionMoved', name: 'alice' });
    expect(s.bells).toBe(1);
    s = run(s, { type: 'sessionTakeBack' });
    expect(s.account).toMatchObject({ moved: true });
    s = run(s, { type: 'session', name: 'alice', role: 'buyer' });
    expect(s.account).toMatchObject({ loggedIn: true });
    expect(s.account.kind === 'account' && s.account.moved).toBeFalsy();
    expect(s.log[0].text).toContain('Logged in as alice here again');
  });
});

describe('bells', () => {
  it('outbid rings; --no-bell counts none but logs the same', () => {
    const play = (s: AuctionState) =>
      run(
        s,
        announce('lamp', 1000, 100),
        bid('lamp', 1000, 'alice'),
        bid('lamp', 1100, 'bob'),
        bid('lamp', 1200, 'carol'),
      );
    const rung = play(buyer());
    expect(rung.bells).toBe(1); // outbid once: the second overbid is not news
    const quiet = play(run(buyer(), { type: 'settings', settings: { bell: false } }));
    expect(quiet.bells).toBe(0);
    expect(quiet.log.map((l) => l.text)).toEqual(rung.log.map((l) => l.text));
  });
});

describe('the checkout queue', () => {
  it('shows live checkouts before finished ones', () => {
    const cancelledFirst = run(
      stateAs('seller'),
      { type: 'checkoutOpened', id: 'a', opening: { type: 'NON_OFFER', rq: '1', item: 'vase' } },
      {
        type: 'checkoutOpened',
        id: 'b',
        opening: { type: 'SOLD', rq: '2', item: 'lamp', finalPrice: 900, buyer: 'al' },
      },
    );
    expect(current(cancelledFirst.checkout)?.item).toBe('lamp');
    const done = run(cancelledFirst, {
      type: 'checkoutMessage',
      id: 'b',
      msg: { type: 'CANCEL', rq: '2', reason: 'no answer' },
    });
    expect(current(done.checkout)?.item).toBe('vase'); // both finished: arrival order
  });
});
