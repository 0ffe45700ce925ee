import { describe, expect, it } from '@jest/globals';
import type { Action, AuctionState } from './model.js';
import { CLOSED_LINGER_MS, HIGHLIGHT_MS } from './model.js';
import { initialState } from './reducer.js';
import { push, run, stateAs, T0 } from '../testing/state.js';
import { bidCountText, isHighlighted, minimumBid, secondsLeft, standing, urgency } from './auction-selectors.js';
import { canBid, serverNeverAnswered } from './session-selectors.js';
import { selectedAuction, tableRows, visibleAuctions } from './table-selectors.js';

const buyer = (name?: string): AuctionState => stateAs('buyer', name);

const announce = (item: string, price: number, timeLeft: number, description = `A ${item}`): Action =>
  push({ type: 'AUCTION_ANNOUNCE', rq: '1', item, description, currentPrice: price, timeLeft });
let rq = 10;
const bidUpdate = (item: string, highestBid: number, bidder: string, timeLeft: number): Action =>
  push({ type: 'BID_UPDATE', rq: String(rq++), item, highestBid, bidder, timeLeft });

describe('reducer: auctions from protocol events', () => {
  it('an announced auction gets closesAt = receivedAt + Time_Left, and the countdown follows the clock', () => {
    const s = run(buyer(), [T0 + 500, announce('lamp', 1000, 90)]);
    const lamp = s.auctions.get('lamp')!;
    expect(lamp.closesAt).toBe(T0 + 500 + 90_000);
    expect(lamp.currentPrice).toBe(1000);
    expect(lamp.startPrice).toBe(1000);
    expect(lamp.fromListing).toBe(true);
    expect(secondsLeft(lamp, T0 + 500)).toBe(90);
    // Nothing is decremented: time left is derived from the clock passed in.
    const later = run(s, [T0 + 31_000, { type: 'tick' }]);
    expect(later.now).toBe(T0 + 31_000);
    expect(later.auctions.get('lamp')!).toBe(lamp);
    expect(secondsLeft(later.auctions.get('lamp')!, later.now)).toBe(60);
    expect(urgency(lamp, T0 + 31_500)).toBe('soon'); // 59.0 s left
    expect(urgency(lamp, T0 + 81_000)).toBe('soon'); // 9.5 s left shows as 10 s
    expect(urgency(lamp, T0 + 81_500)).toBe('imminent'); // 9 s left
    expect(secondsLeft(lamp, T0 + 200_000)).toBe(0);
    expect(s.log[0].text).toMatch(/New listing: lamp at \$10\.00/);
  });

  it('a bid update moves price, leader, count, history and highlights the row', () => {
    const s = run(buyer(), announce('lamp', 1000, 120), [T0 + 2000, bidUpdate('lamp', 1250, 'bob', 118)]);
    const lamp = s.auctions.get('lamp')!;
    expect(lamp).toMatchObject({
      currentPrice: 1250,
      highBidder: 'bob',
      bidCount: 1,
      change: 'up',
      changedAt: T0 + 2000,
    });
    expect(lamp.closesAt).toBe(T0 + 2000 + 118_000);
    expect(lamp.history.map((p) => p.price)).toEqual([1000, 1250]);
    expect(isHighlighted(lamp, T0 + 2000 + HIGHLIGHT_MS - 1)).toBe(true);
    expect(isHighlighted(lamp, T0 + 2000 + HIGHLIGHT_MS)).toBe(false);
    expect(minimumBid(lamp)).toBe(1251);
    expect(s.log[0].text).toBe('lamp $12.50 bid by bob');
  });

  it('with no bid yet the minimum bid is the current price', () => {
    const s = run(buyer(), announce('lamp', 1000, 120));
    expect(minimumBid(s.auctions.get('lamp')!)).toBe(1000);
  });

  it('our accepted bid leads at once, and its BID_UPDATE is not counted twice', () => {
    let s = run(buyer(), announce('lamp', 1000, 120));
    s = run(s, { type: 'bidResult', item: 'lamp', amount: 1000, me: 'alice', outcome: { ok: true } });
    expect(s.auctions.get('lamp')!).toMatchObject({
      currentPrice: 1000,
      highBidder: 'alice',
      bidCount: 1,
      myBid: 1000,
    });
    expect(standing(s.auctions.get('lamp')!, 'alice')).toBe('leading');
    expect(s.status?.text).toMatch(/accepted/);
    s = run(s, bidUpdate('lamp', 1000, 'alice', 119));
    expect(s.auctions.get('lamp')!.bidCount).toBe(1);
  });

  it('outbid: someone else overtakes our bid', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), bidUpdate('lamp', 1000, 'alice', 119));
    expect(standing(s.auctions.get('lamp')!, 'alice')).toBe('leading');
    expect(s.log[0]).toMatchObject({ tone: 'good', text: 'You lead lamp at $10.00' });
    s = run(s, bidUpdate('lamp', 1500, 'bob', 118));
    expect(standing(s.auctions.get('lamp')!, 'alice')).toBe('outbid');
    expect(s.log[0]).toMatchObject({ tone: 'bad', text: 'Outbid on lamp: bob bid $15.00' });
    expect(s.auctions.get('lamp')!.bidCount).toBe(2);
  });

  it('a late, reordered BID_UPDATE older than the current bid is ignored', () => {
    const s = run(
      buyer(),
      announce('lamp', 1000, 120),
      bidUpdate('lamp', 1500, 'bob', 110),
      bidUpdate('lamp', 1200, 'carol', 115),
    );
    expect(s.auctions.get('lamp')!).toMatchObject({ currentPrice: 1500, highBidder: 'bob', bidCount: 1 });
  });

  it('a bid on its way is noted on its auction until answered, whatever the answer', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), { type: 'bidSent', item: 'lamp', amount: 1000 });
    expect(s.auctions.get('lamp')!.sending).toBe(1000);
    s = run(s, { type: 'bidResult', item: 'lamp', amount: 1000, me: 'alice', outcome: { ok: false, reason: 'x' } });
    expect(s.auctions.get('lamp')!.sending).toBeNull();
    s = run(s, { type: 'bidSent', item: 'lamp', amount: 1001 });
    expect(s.auctions.get('lamp')!.sending).toBe(1001);
    s = run(s, { type: 'bidResult', item: 'lamp', amount: 1001, me: 'alice', outcome: { ok: true } });
    expect(s.auctions.get('lamp')!.sending).toBeNull();
    // Unanswered: asked again with its RQ# (commands.ts), so still on its way until given up.
    s = run(s, { type: 'bidSent', item: 'lamp', amount: 1002 });
    const unanswered = { ok: false, reason: 'no answer', unanswered: true } as const;
    s = run(s, { type: 'bidResult', item: 'lamp', amount: 1002, me: 'alice', outcome: unanswered });
    expect(s.auctions.get('lamp')!.sending).toBe(1002);
    s = run(s, { type: 'bidGivenUp', item: 'lamp' });
    expect(s.auctions.get('lamp')!.sending).toBeNull();
  });

  it('a rejected bid keeps the prompt open with the server reason', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), { type: 'bidOpen', item: 'lamp', draft: '10.00' });
    s = run(s, { type: 'bidSent', item: 'lamp', amount: 1000 });
    expect(s.modal).toMatchObject({ kind: 'bid', pending: true });
    s = run(s, {
      type: 'bidResult',
      item: 'lamp',
      amount: 1000,
      me: 'alice',
      outcome: { ok: false, reason: 'Amount must be at least 10.01' },
    });
    expect(s.modal).toMatchObject({ kind: 'bid', pending: false, error: 'Amount must be at least 10.01' });
    expect(s.auctions.get('lamp')!.myBid).toBeNull();
  });

  it('a rejection saying there is a highest bid teaches us that a catalog auction has bids', () => {
    let s = run(buyer(), {
      type: 'catalog',
      entries: [{ item: 'lamp', description: 'x', currentPrice: 4500, timeLeft: 60 }],
    });
    s = run(s, { type: 'bidOpen', item: 'lamp', draft: '45.00' }, { type: 'bidSent', item: 'lamp', amount: 4500 });
    s = run(s, {
      type: 'bidResult',
      item: 'lamp',
      amount: 4500,
      me: 'alice',
      outcome: { ok: false, reason: 'Amount must be at least 45.01 (highest bid 45.00 + 0.01)' },
    });
    expect(minimumBid(s.auctions.get('lamp')!)).toBe(4501);
    expect(s.modal).toMatchObject({
      kind: 'bid',
      draft: '45.01',
      error: 'Amount must be at least 45.01 (highest bid 45.00 + 0.01)',
    });
  });

  it('an untouched bid prompt follows the minimum as bids land; an edited one is left alone', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), { type: 'bidOpen', item: 'lamp', draft: '10.00' });
    s = run(s, bidUpdate('lamp', 1500, 'bob', 110));
    expect(s.modal).toMatchObject({ kind: 'bid', draft: '15.01', edited: false });
    s = run(s, { type: 'bidDraft', text: '20' }, bidUpdate('lamp', 1600, 'carol', 100));
    expect(s.modal).toMatchObject({ kind: 'bid', draft: '20', edited: true });
  });

  it('price adjustment lowers the price and answers the pending negotiation', () => {
    let s = run(
      buyer(),
      announce('lamp', 1000, 120),
      push({ type: 'NEGOTIATE_REQ', rq: '5', item: 'lamp', currentPrice: 1000, timeLeft: 60 }),
    );
    expect(s.negotiation.requests.lamp).toBeDefined();
    s = run(s, [T0 + 1000, push({ type: 'PRICE_ADJUSTMENT', rq: '5', item: 'lamp', newPrice: 800, timeLeft: 59 })]);
    expect(s.auctions.get('lamp')!).toMatchObject({ currentPrice: 800, change: 'down', bidCount: 0 });
    expect(minimumBid(s.auctions.get('lamp')!)).toBe(800);
    expect(s.negotiation.requests.lamp).toBeUndefined();
    expect(s.log[0].text).toBe('Price of lamp lowered to $8.00');
  });

  it('a closed auction is marked, reports the winner, then drops out after lingering', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), bidUpdate('lamp', 1000, 'alice', 100));
    s = run(s, [T0 + 5000, push({ type: 'AUCTION_CLOSED', rq: '9', item: 'lamp', finalPrice: 1000, winner: 'alice' })]);
    expect(s.auctions.get('lamp')!.closed).toMatchObject({ finalPrice: 1000, winner: 'alice', known: true });
    expect(urgency(s.auctions.get('lamp')!, s.now)).toBe('closed');
    expect(canBid(s, s.auctions.get('lamp'))).toBe(false);
    expect(s.log[0]).toMatchObject({ tone: 'good', text: 'You won lamp at $10.00: checkout follows' });
    s = run(s, [T0 + 5000 + CLOSED_LINGER_MS - 1, { type: 'tick' }]);
    expect(visibleAuctions(s).map((a) => a.item)).toEqual(['lamp']);
    s = run(s, [T0 + 5000 + CLOSED_LINGER_MS, { type: 'tick' }]);
    expect(visibleAuctions(s)).toEqual([]);
    // Won (and bid on): kept for the "my wins" and "my bids" views.
    expect(visibleAuctions(run(s, { type: 'viewSet', view: 'won' })).map((a) => a.item)).toEqual(['lamp']);
    expect(visibleAuctions(run(s, { type: 'viewSet', view: 'mine' })).map((a) => a.item)).toEqual(['lamp']);
    // Not ours: dropped from the state once it has lingered — unless it is the selected row (19.2).
    let t = run(buyer(), announce('lamp', 500, 60), announce('vase', 500, 120), [
      T0 + 5000,
      push({ type: 'AUCTION_CLOSED', rq: '9', item: 'vase', finalPrice: 500, winner: null }),
    ]);
    expect(t.selected).toBe('lamp');
    t = run(t, [T0 + 5000 + CLOSED_LINGER_MS, { type: 'tick' }]);
    expect(t.auctions.get('vase')!).toBeUndefined();
  });

  it('a catalog resync adds missed listings, updates prices and closes what is gone', () => {
    let s = run(buyer(), announce('lamp', 1000, 120), announce('vase', 500, 300), bidUpdate('vase', 600, 'bob', 290));
    s = run(s, [
      T0 + 10_000,
      {
        type: 'catalog',
        entries: [
          { item: 'vase', description: 'A vase', currentPrice: 900, timeLeft: 280 },
          { item: 'clock', description: 'Old clock', currentPrice: 2000, timeLeft: 50 },
        ],
      },
    ]);
    expect(s.auctions.get('lamp')!.closed).toMatchObject({ known: false });
    expect(s.auctions.get('clock')!).toMatchObject({
      currentPrice: 2000,
      fromListing: false,
      closesAt: T0 + 10_000 + 50_000,
    });
    // A higher price than we saw: bids we missed, bidder unknown.
    expect(s.auctions.get('vase')!).toMatchObject({
      currentPrice: 900,
      highBidder: null,
      bidCount: 2,
      closesAt: T0 + 10_000 + 280_000,
    });
    expect(s.log[0].text).toBe('Resynced with the server: 1 new, 1 no longer open');
    expect(visibleAuctions(s).map((a) => a.item)).toEqual(['clock', 'vase', 'lamp']);
  });

  it('a first catalog fills the table and sorts it by time left', () => {
    const s = run(buyer(), {
      type: 'catalog',
      entries: [
        { item: 'b', description: 'x', currentPrice: 100, timeLeft: 300 },
        { item: 'a', description: 'y', currentPrice: 100, timeLeft: 30 },
      ],
    });
    expect(visibleAuctions(s).map((a) => a.item)).toEqual(['a', 'b']);
    expect(s.log[0].text).toBe('Catalog: 2 open auctions');
  });

  it('names are case-insensitive: LAMP and lamp are one auction', () => {
    const s = run(buyer(), announce('Lamp', 1000, 120), bidUpdate('LAMP', 1100, 'Bob', 100));
    expect([...s.auctions.keys()]).toEqual(['lamp']);
    expect(s.auctions.get('lamp')!.item).toBe('Lamp');
    expect(s.auctions.get('lamp')!.currentPrice).toBe(1100);
  });
});

describe('reducer: connection and session', () => {
  it('tracks connection state and rtt, and logs outages and recovery', () => {
    let s = run(buyer(), { type: 'connection', state: 'online', rttMs: 0.4 });
    expect(s.connection).toMatchObject({ state: 'online', rttMs: 0.4, everOnline: true });
    s = run(s, [T0 + 1000, { type: 'connection', state: 'offline', rttMs: null }]);
    expect(s.connection).toMatchObject({ state: 'offline', rttMs: 0.4, since: T0 + 1000 });
    expect(s.account).toMatchObject({ loggedIn: false });
    expect(s.log[0].tone).toBe('bad');
    s = run(s, { type: 'connection', state: 'online', rttMs: 0.5 }, { type: 'session', name: 'alice', role: 'buyer' });
    expect(s.log[1].text).toMatch(/is back/);
    expect(s.account).toMatchObject({ loggedIn: true });
  });

  it('a refused login is logged once, not again at every retry of the core', () => {
    const denied: Action = { type: 'loginFailed', reason: 'Wrong secret' };
    const s = run(buyer(), denied, denied, denied);
    expect(s.account).toMatchObject({ loggedIn: false, error: 'Wrong secret' });
    expect(s.log.filter((l) => l.text.includes('denied')).map((l) => l.text)).toEqual([
      'Login as alice denied: Wrong secret',
    ]);
  });

  it('says how to start a server when nothing has answered for a while', () => {
    const s = buyer();
    expect(serverNeverAnswered(s)).toBe(false);
    expect(serverNeverAnswered(run(s, [T0 + 3000, { type: 'tick' }]))).toBe(true);
    expect(
      serverNeverAnswered(run(s, { type: 'connection', state: 'online', rttMs: 1 }, [T0 + 9000, { type: 'tick' }])),
    ).toBe(false);
  });

  it('a spectator cannot bid or subscribe', () => {
    const s = run(
      initialState({ now: T0, server: 'x:1', account: { kind: 'spectator' } }),
      announce('lamp', 1000, 120),
    );
    expect(canBid(s)).toBe(false);
  });

  it('a seller cannot bid', () => {
    const s = run(
      initialState({
        now: T0,
        server: 'x:1',
        account: { kind: 'account', name: 'sam', role: 'seller', loggedIn: true, error: null },
      }),
      announce('lamp', 1000, 120),
    );
    expect(canBid(s)).toBe(false);
  });

  it('registration: pending, denied with the reason, then registered', () => {
    let s = initialState({ now: T0, server: 'x:1', account: { kind: 'unregistered', pending: false, error: null } });
    s = run(s, { type: 'registerSent', name: 'alice', role: 'buyer' });
    expect(s.account).toEqual({ kind: 'unregistered', pending: true, error: null });
    s = run(s, { type: 'registerResult', name: 'alice', role: 'buyer', outcome: { ok: false, reason: 'Name taken' } });
    expect(s.account).toEqual({ kind: 'unregistered', pending: false, error: 'Name taken' });
    s = run(s, { type: 'registerResult', name: 'alice', role: 'buyer', outcome: { ok: true } });
    expect(s.account).toMatchObject({ kind: 'account', name: 'alice', loggedIn: false });
  });
});

describe('reducer: selection, filter, prompts', () => {
  const market = run(buyer(), announce('apple', 100, 10), announce('banana', 100, 20), announce('cherry', 100, 30));

  it('moves the selection among visible rows and clamps at the ends', () => {
    expect(selectedAuction(market)?.item).toBe('apple');
    let s = run(market, { type: 'select', delta: 1 });
    expect(selectedAuction(s)?.item).toBe('banana');
    s = run(s, { type: 'select', delta: 5 });
    expect(selectedAuction(s)?.item).toBe('cherry');
    s = run(s, { type: 'select', delta: -Infinity });
    expect(selectedAuction(s)?.item).toBe('apple');
  });

  it('19.2: the selection follows the auction when rows arrive above it and when the table re-sorts', () => {
    // Nothing chosen yet: the first row is selected, and stays selected when an earlier-ending row arrives.
    let s = run(market, announce('aaa-early', 100, 5));
    expect(selectedAuction(s)?.item).toBe('apple');
    s = run(s, { type: 'select', delta: 1 }); // banana? no: the row after apple in the table
    expect(selectedAuction(s)?.item).toBe('banana');
    s = run(s, bidUpdate('cherry', 5000, 'bob', 30), { type: 'sortNext' }); // by price: cherry first
    expect(visibleAuctions(s)[0].item).toBe('cherry');
    expect(selectedAuction(s)?.item).toBe('banana');
  });

  it('19.2: the first catalog selects its top row; once the user has moved, a catalog leaves the selection', () => {
    const entry = (item: string, timeLeft: number) => ({ item, description: `A ${item}`, currentPrice: 100, timeLeft });
    // A listing announced before the catalog came ends last: the catalog's top row is selected instead.
    let s = run(buyer(), announce('zeta', 100, 600));
    expect(s.selected).toBe('zeta');
    s = run(s, { type: 'catalog', entries: [entry('zeta', 600), entry('alpha', 60), entry('beta', 120)] });
    expect(selectedAuction(s)?.item).toBe('alpha');
    s = run(s, { type: 'select', delta: 1 });
    expect(selectedAuction(s)?.item).toBe('beta');
    s = run(s, {
      type: 'catalog',
      entries: [entry('zeta', 600), entry('alpha', 60), entry('beta', 120), entry('aa', 5)],
    });
    expect(selectedAuction(s)?.item).toBe('beta');
  });

  it('19.2: a selected row that closes stays selected, shown closed, after its linger, until the user moves', () => {
    let s = run(market, { type: 'select', delta: 1 });
    expect(selectedAuction(s)?.item).toBe('banana');
    s = run(s, [T0 + 1000, push({ type: 'AUCTION_CLOSED', rq: '77', item: 'banana', finalPrice: 100, winner: null })]);
    expect(selectedAuction(s)?.item).toBe('banana');
    // The linger is over: banana left the market rows, but not the table while it is selected.
    s = run(s, [T0 + 1000 + CLOSED_LINGER_MS + 1, { type: 'tick' }]);
    expect(visibleAuctions(s).map((a) => a.item)).toEqual(['apple', 'cherry']);
    expect(tableRows(s).map((a) => a.item)).toEqual(['apple', 'cherry', 'banana']);
    expect(selectedAuction(s)).toMatchObject({ item: 'banana', closed: { winner: null } });
    expect(canBid(s)).toBe(false);
    s = run(s, [T0 + 20_000, announce('date', 100, 60)]);
    expect(selectedAuction(s)?.item).toBe('banana');
    // The user moves: from banana's place (the end), k goes to the row above it; banana goes.
    s = run(s, [T0 + 20_000, { type: 'select', delta: -1 }]);
    expect(selectedAuction(s)?.item).toBe('date');
    expect(tableRows(s).map((a) => a.item)).toEqual(['apple', 'cherry', 'date']);
  });

  it('filters by name as you type; Esc clears', () => {
    let s = run(market, { type: 'filterOpen' }, { type: 'filterDraft', text: 'an' });
    expect(visibleAuctions(s).map((a) => a.item)).toEqual(['banana']);
    expect(selectedAuction(s)?.item).toBe('banana');
    s = run(s, { type: 'filterApply' });
    expect(s.modal).toBeNull();
    expect(s.filter).toBe('an');
    s = run(s, { type: 'filterOpen' }, { type: 'modalClose' });
    expect(s.filter).toBe('');
  });

  it('subscriptions: marked on success, reason on failure', () => {
    let s = run(market, { type: 'subscribeSent', item: 'apple', subscribe: true });
    expect(s.subscribing).toEqual(['apple']);
    s = run(s, { type: 'subscribeResult', item: 'apple', subscribe: true, outcome: { ok: true } });
    expect(s.subscriptions).toEqual(['apple']);
    expect(s.subscribing).toEqual([]);
    s = run(s, {
      type: 'subscribeResult',
      item: 'banana',
      subscribe: true,
      outcome: { ok: false, reason: 'No such open auction' },
    });
    expect(s.status).toMatchObject({ tone: 'bad', text: 'Subscribe to banana failed: No such open auction' });
  });
});

describe('reducer: a large floor', () => {
  const entry = (i: number, bids = 2) => ({
    item: `lot-${String(i).padStart(5, '0')}`,
    description: `Lot ${i}`,
    currentPrice: 1000 + i,
    timeLeft: 600 + (i % 97) * 10,
    seller: 'sam',
    bids,
    leader: bids ? `b${i % 7}` : null,
  });

  it('a catalog row carries the seller, bid count and leader: no "?" columns', () => {
    const s = run(buyer(), { type: 'catalog', entries: [entry(1), entry(2, 0)] });
    const one = s.auctions.get('lot-00001')!;
    expect(one).toMatchObject({ seller: 'sam', bidCount: 2, highBidder: 'b1', bidsKnown: true });
    expect(bidCountText(one)).toBe('2');
    expect(minimumBid(one)).toBe(1002);
    const two = s.auctions.get('lot-00002')!;
    expect([bidCountText(two), two.highBidder, minimumBid(two)]).toEqual(['0', null, 1002]);
    // a repair with nothing new keeps every auction object (nothing to re-render)
    const again = run(s, { type: 'catalog', entries: [entry(1), entry(2, 0)] });
    expect(again.auctions.get('lot-00001')).toBe(one);
  });

  it('the table patched bid by bid is the table sorted from scratch, in every sort order', () => {
    let s = run(buyer(), { type: 'catalog', entries: Array.from({ length: 2000 }, (_, i) => entry(i)) });
    for (const sort of ['ending', 'price', 'bids', 'name'] as const) {
      s = { ...s, sort };
      for (let n = 0; n < 60; n++) {
        visibleAuctions(s); // the rows before: what the next call patches
        const i = (n * 733) % 2000;
        const a = s.auctions.get(entry(i).item)!;
        s = run(s, [T0 + n, bidUpdate(a.item, a.currentPrice + 500 + n, `x${n}`, 600 + (n % 5))]);
        if (n % 7 === 0)
          s = run(s, [
            T0 + n,
            push({ type: 'AUCTION_CLOSED', rq: String(rq++), item: a.item, finalPrice: 1, winner: null }),
          ]);
        const patched = visibleAuctions(s).map((x) => x.key);
        const fresh = visibleAuctions({ ...s, filter: ' ' }).map((x) => x.key); // another memo key: a full sort
        expect(patched).toEqual(fresh);
      }
    }
  });

  it('a full catalog arriving page by page shows its progress until it is complete', () => {
    let s = run(buyer(), { type: 'catalogProgress', received: 3200, total: 10_000 });
    expect(s.catalogLoading).toEqual({ received: 3200, total: 10_000 });
    s = run(s, { type: 'catalog', entries: [entry(1)] });
    expect(s.catalogLoading).toBeNull();
    expect(run(buyer(), { type: 'catalogProgress', received: 5, total: 5 }).catalogLoading).toBeNull();
  });
});
