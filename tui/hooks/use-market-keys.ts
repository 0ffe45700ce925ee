// Keys of the market view (no prompt open): selection, bidding, subscriptions, filter, help, quit;
// sellers: l lists an item, n answers a price question put aside; h toggles recent results.
import { useInput } from 'ink';
import { formatMoney } from '../../shared/protocol/index.js';
import type { AuctionState } from '../state/reducer.js';
import { canBid, canList, canSubscribe, minimumBid, selectedAuction } from '../state/selectors.js';
import { useCommands, useStore } from './use-store.js';

const PAGE = 10;

/** Why an account action is not available right now, for the status line. */
export function whyNot(s: AuctionState, what: 'bid' | 'subscribe' | 'list'): string {
  const a = selectedAuction(s);
  if (s.account.kind === 'spectator') return 'Spectating: watch only. Start without --spectate to take part.';
  if (s.account.kind === 'unregistered') return 'Register first.';
  if (s.connection.state === 'offline') return 'The server is unreachable; try again when it is back.';
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

export function useMarketKeys({ isActive }: { isActive: boolean }): void {
  const store = useStore();
  const commands = useCommands();
  useInput(
    (input, key) => {
      const { dispatch } = store;
      const s = store.getSnapshot();
      if (key.upArrow || input === 'k') return dispatch({ type: 'select', delta: -1 });
      if (key.downArrow || input === 'j') return dispatch({ type: 'select', delta: 1 });
      if (key.pageUp) return dispatch({ type: 'select', delta: -PAGE });
      if (key.pageDown) return dispatch({ type: 'select', delta: PAGE });
      if (key.home || input === 'g') return dispatch({ type: 'select', delta: -Infinity });
      if (key.end || input === 'G') return dispatch({ type: 'select', delta: Infinity });
      if (input === '?') return dispatch({ type: 'helpToggle' });
      if (input === '/') return dispatch({ type: 'filterOpen' });
      if (key.escape) return dispatch({ type: 'filterClear' });
      if (input === 'q') return commands.quit();
      if (input === 'h') return dispatch({ type: 'resultsToggle' });
      if (input === 'l') {
        if (!canList(s)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'list') });
        return dispatch({ type: 'listOpen' });
      }
      if (input === 'n') return dispatch({ type: 'negotiateOpen' });
      if (input === 'c') return dispatch({ type: 'checkoutShow' });

      const a = selectedAuction(s);
      if (input === 'b' || key.return) {
        if (!a || !canBid(s, a)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'bid') });
        // Keep the selection on this item even if the table re-sorts underneath.
        dispatch({ type: 'selectItem', item: a.item });
        return dispatch({ type: 'bidOpen', item: a.item, draft: formatMoney(minimumBid(a)) });
      }
      if (input === '+') {
        if (!a || !canBid(s, a)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'bid') });
        void commands.placeBid(a.item, minimumBid(a));
        return;
      }
      if (input === 's') {
        if (!a || !canSubscribe(s, a)) return dispatch({ type: 'status', tone: 'warn', text: whyNot(s, 'subscribe') });
        void commands.toggleSubscription(a.item);
      }
    },
    { isActive },
  );
}
