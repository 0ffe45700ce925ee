// Keys of the market view (no prompt open): selection, bidding (b, +, m for a maximum), subscriptions,
// filter (/, then n N for the next and previous match), sort (o, O reverses it), views
// (1–4), help; sellers: l lists an item, n answers a price question put aside; h toggles recent results;
// L takes the session back after a login elsewhere. q (and Ctrl-C) are the router's (app.tsx): they ask
// first when quitting would lose something.
import { useCallback } from 'react';
import { formatMoney } from '../../../shared/protocol/index.js';
import type { Cents } from '../../../shared/protocol/index.js';
import { money } from '../../format.js';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import type { Auction, AuctionState } from '../../state/model.js';
import { canBid, canList, canSubscribe, me } from '../../state/session-selectors.js';
import { minimumBid, standing } from '../../state/auction-selectors.js';
import { selectedAuction, VIEWS } from '../../state/table-selectors.js';

export const PAGE = 10;

/** Why an account action is not available right now, for the status line. */
export function whyNot(s: AuctionState, what: 'bid' | 'subscribe' | 'list'): string {
  const a = selectedAuction(s);
  if (s.account.kind === 'spectator') return 'Spectating: watch only. Start without --spectate to take part.';
  if (s.account.kind === 'unregistered') return 'Register first.';
  if (s.connection.state === 'offline') return 'The server is unreachable; try again when it is back.';
  if (s.account.moved)
    return `${s.account.name} logged in from another terminal: press L to take the session back here.`;
  if (!s.account.loggedIn && s.account.error) {
    const hint = /secret/i.test(s.account.error)
      ? ` (this profile does not hold ${s.account.name}'s secret: pick another --user or --profile)`
      : '';
    return `Not logged in: ${s.account.error}${hint}.`;
  }
  if (!s.account.loggedIn) return 'Not logged in yet.';
  if (what === 'list') {
    return s.account.role === 'seller'
      ? 'Cannot list now.'
      : 'Buyers cannot list: start with --user NAME --role seller to sell.';
  }
  if (!a) return 'No auction selected.';
  if (a.closed) return `${a.item} is closed.`;
  if (what === 'bid' && s.account.role !== 'buyer') return 'Sellers cannot bid: bidding is for buyer accounts.';
  return `Cannot ${what} now.`;
}

export function useMarketKeys(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      const { dispatch } = store;
      const s = store.getSnapshot();
      const select = (delta: number) => dispatch({ type: 'select', delta });
      switch (ev.kind) {
        case 'up':
          return select(-1);
        case 'down':
          return select(1);
        case 'pageUp':
          return select(-PAGE);
        case 'pageDown':
          return select(PAGE);
        case 'home':
          return select(-Infinity);
        case 'end':
          return select(Infinity);
        case 'escape':
          return dispatch({ type: 'filterClear' });
        case 'enter':
          return openBid(s);
        case 'char':
          break;
        default:
          return;
      }
      const a = selectedAuction(s);
      switch (ev.char) {
        case 'k':
          return select(-1);
        case 'j':
          return select(1);
        case 'g':
          return select(-Infinity);
        case 'G':
          return select(Infinity);
        case '?':
          return dispatch({ type: 'helpToggle' });
        case '/':
          return dispatch({ type: 'filterOpen' });
        case 'h':
          return dispatch({ type: 'resultsToggle' });
        case 'l':
          if (!canList(s)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'list') });
          return dispatch({ type: 'listOpen' });
        case 'n':
        case 'N':
          // With a filter on, n / N step through its matches (round the ends), as after a search in
          // less or vim; without one, n is a seller's price question.
          if (s.filter) return dispatch({ type: 'select', delta: ev.char === 'n' ? 1 : -1, wrap: true });
          if (ev.char === 'n') return dispatch({ type: 'negotiateOpen' });
          return;
        case 'c':
          return dispatch({ type: 'checkoutShow' });
        case 'o':
          return dispatch({ type: 'sortNext' });
        case 'O':
          return dispatch({ type: 'sortReverse' });
        case '1':
        case '2':
        case '3':
        case '4':
          return dispatch({ type: 'viewSet', view: VIEWS[Number(ev.char) - 1] });
        case 'L':
          if (s.account.kind !== 'account' || !s.account.moved)
            return dispatch({ type: 'status', tone: 'muted', text: 'This terminal has the session already.' });
          void commands.takeSession();
          return;
        case 'b':
          return openBid(s);
        case 'm':
          return openBid(s, 'max');
        case '+': {
          if (!a || !canBid(s, a)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'bid') });
          if (typeof a.sending === 'number') {
            const text = `Bid ${money(a.sending)} on ${a.item} is on its way: waiting for the server's answer`;
            return dispatch({ type: 'status', tone: 'muted', text });
          }
          const min = minimumBid(a, s.increments.policy);
          if (standing(a, me(s)) === 'leading') return askOwnRaise(a, min);
          void commands.placeBid(a.item, min);
          return;
        }
        case 's':
          if (!a || !canSubscribe(s, a))
            return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'subscribe') });
          void commands.toggleSubscription(a.item);
          return;
      }

      /** `+` where we lead already: raising our own bid costs money and wins nothing, so it asks (y). */
      function askOwnRaise(target: Auction, min: Cents): void {
        dispatch({ type: 'selectItem', item: target.item });
        dispatch({ type: 'bidOpen', item: target.item, draft: formatMoney(min), mode: 'bid' });
        dispatch({
          type: 'bidConfirm',
          amount: min,
          why: `you lead at ${money(target.currentPrice)} — raise your own bid to ${money(min)}?`,
          ownLead: true,
        });
      }

      /** The bid prompt, or (`m`) the maximum-bid prompt: both prefilled with the minimum next bid. */
      function openBid(st: AuctionState, mode: 'bid' | 'max' = 'bid'): void {
        const target = selectedAuction(st);
        if (!target || !canBid(st, target)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(st, 'bid') });
        // Keep the selection on this item even if the table re-sorts underneath.
        dispatch({ type: 'selectItem', item: target.item });
        dispatch({
          type: 'bidOpen',
          item: target.item,
          draft: formatMoney(minimumBid(target, st.increments.policy)),
          mode,
        });
      }
    },
    [store, commands],
  );
}
