// The router's side of tui/input/amount-guard.ts: arms the guard when the market refused to open the
// bid prompt (b, m or Enter on a closed lot, or when bidding is not possible) or when the prompt went
// away by itself under the typing (its auction closed), and asks it about each market key.
import { useState } from 'react';
import { AmountGuard } from '../input/amount-guard.js';
import type { KeyEvent } from '../input/keys.js';
import type { AuctionState } from '../state/model.js';

interface LastKey {
  /** The bid prompt's item when the key went to it, else null. */
  bidItem: string | null;
  escape: boolean;
  at: number;
}

export interface AmountGuardHooks {
  /** Before a key goes to the market: true drops it. */
  drops(ev: KeyEvent, s: AuctionState, now: number): boolean;
  /** After each key, with the state before and after it. */
  after(ev: KeyEvent, before: AuctionState, after: AuctionState, now: number): void;
}

const opensBid = (ev: KeyEvent) => ev.kind === 'enter' || (ev.kind === 'char' && (ev.char === 'b' || ev.char === 'm'));

function amountGuardHooks(): AmountGuardHooks {
  const guard = new AmountGuard();
  let last: LastKey | null = null;
  return {
    drops(ev, s, now) {
      // The prompt the last key went to is gone, not by Esc, and its auction has closed: it closed by itself.
      if (last?.bidItem && !last.escape && s.modal?.kind !== 'bid') {
        const a = s.auctions.get(last.bidItem.toLowerCase());
        if (!a || a.closed) guard.arm(last.at);
      }
      const dropped = guard.drops(ev, now);
      if (dropped) last = { bidItem: null, escape: false, at: now };
      return dropped;
    },
    after(ev, before, after, now) {
      const bid = before.modal?.kind === 'bid' ? before.modal.item : null;
      last = { bidItem: bid, escape: ev.kind === 'escape', at: now };
      // b / m / Enter on the market that opened nothing: the amount typed next has no box to go to.
      if (before.modal === null && opensBid(ev) && after.modal?.kind !== 'bid') guard.arm(now);
    },
  };
}

/** One guard for the component's life. */
export function useAmountGuard(): AmountGuardHooks {
  const [hooks] = useState(amountGuardHooks);
  return hooks;
}
