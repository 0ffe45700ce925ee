import { describe, expect, it } from '@jest/globals';
import type { Action } from './model.js';
import { initialState } from './reducer.js';
import { NEGOTIATION_ARM_MS } from './model.js';
import { negotiationArmed } from '../widgets/negotiate/selectors.js';
import type { Timers } from './store.js';
import { AuctionStore } from './store.js';

/** Manual timers and clock: time moves only when the test says so. */
function manualTime(start: number) {
  let now = start;
  const pending: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn, id: ++ids };
      pending.push(t);
      return t.id;
    },
    clearTimeout: (id) => {
      const i = pending.findIndex((t) => t.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => now,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const next = pending[0];
        if (!next || next.at > until) break;
        pending.shift();
        now = next.at;
        next.fn();
      }
      now = until;
    },
  };
}

const T0 = 1_700_000_000_000;
let rq = 1;
const bid = (item: string, cents: number): Action => ({
  type: 'push',
  msg: { type: 'BID_UPDATE', rq: String(rq++), item, highestBid: cents, bidder: 'bob', timeLeft: 100 },
});

function setup() {
  const time = manualTime(T0);
  const store = new AuctionStore(initialState({ now: T0, server: 'x:1', account: { kind: 'spectator' } }), {
    now: time.now,
    monotonic: time.now,
    timers: time.timers,
    frameMs: 50,
  });
  let renders = 0;
  store.subscribe(() => renders++);
  return { time, store, renders: () => renders };
}

describe('AuctionStore', () => {
  it('coalesces network updates: at most one notification per 50 ms frame', () => {
    const { time, store, renders } = setup();
    // 50 updates a second for one second.
    for (let i = 0; i < 50; i++) {
      store.dispatch(bid(`item${i % 10}`, 100 + i));
      time.advance(20);
    }
    time.advance(100);
    expect(renders()).toBeGreaterThanOrEqual(15);
    expect(renders()).toBeLessThanOrEqual(21);
    // Nothing is lost: the state has every update.
    expect(store.getSnapshot().auctions.get('item9')!.currentPrice).toBe(149);
  });

  it('notifies at once for key presses, even inside a frame', () => {
    const { time, store, renders } = setup();
    store.dispatch(bid('lamp', 100));
    expect(renders()).toBe(1);
    store.dispatch(bid('lamp', 200)); // inside the frame: deferred
    expect(renders()).toBe(1);
    store.dispatch({ type: 'helpToggle' }); // urgent: now, carrying the deferred update too
    expect(renders()).toBe(2);
    expect(store.getSnapshot().auctions.get('lamp')!.currentPrice).toBe(200);
    time.advance(100);
    expect(renders()).toBe(2); // the deferred frame was folded into the urgent one
  });

  it('ticks on every wall-clock second; state.now follows the clock', () => {
    const { time, store } = setup();
    store.startClock();
    time.advance(3000);
    expect(store.getSnapshot().now).toBeGreaterThanOrEqual(T0 + 2000);
    store.stop();
    const at = store.getSnapshot().now;
    time.advance(5000);
    expect(store.getSnapshot().now).toBe(at);
  });

  it('ticks when a price question arms, not only on the next second', () => {
    const time = manualTime(T0 + 300);
    const seller = { kind: 'account', name: 'sam', role: 'seller', loggedIn: true, error: null } as const;
    const store = new AuctionStore(initialState({ now: T0 + 300, server: 'x:1', account: seller }), {
      now: time.now,
      monotonic: time.now,
      timers: time.timers,
    });
    store.startClock();
    store.dispatch({
      type: 'push',
      msg: { type: 'NEGOTIATE_REQ', rq: '7', item: 'lamp', currentPrice: 1000, timeLeft: 60 },
    });
    expect(store.getSnapshot().modal?.kind).toBe('negotiate');
    expect(negotiationArmed(store.getSnapshot())).toBe(false);
    time.advance(NEGOTIATION_ARM_MS - 1);
    expect(negotiationArmed(store.getSnapshot())).toBe(false);
    time.advance(5); // the wake-up is armed a couple of ms late, never early
    expect(store.getSnapshot().now).toBeLessThan(T0 + 1000);
    expect(negotiationArmed(store.getSnapshot())).toBe(true);
    store.stop();
  });

  it('does not notify when an action changes nothing', () => {
    const { store, renders } = setup();
    store.dispatch({ type: 'select', delta: 1 }); // no rows: no change
    expect(renders()).toBe(0);
  });
});
