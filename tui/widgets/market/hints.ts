// The market's keys as the footer shows them (the most useful first) and as the help lists them all.
import type { KeyHint } from '../../components/footer.js';
import type { AuctionState } from '../../state/model.js';
import { current as currentCheckout } from '../checkout/selectors.js';
import { SORT_LABEL } from '../../state/table-selectors.js';
import { waitingNegotiations } from '../negotiate/selectors.js';

/** The footer's market keys, most useful first; the footer drops from the end but keeps the marked ones. */
export function marketHints(s: AuctionState): KeyHint[] {
  const hints: KeyHint[] = [['↑↓ jk', 'select']];
  const account = s.account.kind === 'account' ? s.account : null;
  if (account?.moved) hints.push(['L', 'log in here', true]);
  if (account?.role === 'buyer') hints.push(['b ⏎', 'bid'], ['+', 'bid minimum'], ['m', 'maximum']);
  if (account?.role === 'seller') {
    hints.push(['l', 'list item']);
    if (waitingNegotiations(s).length > 0) hints.push(['n', 'price question', true]);
  }
  if (currentCheckout(s.checkout)) hints.push(['c', 'checkout', true]);
  if (account) hints.push(['s', 'subscribe']);
  if (s.filter) hints.push(['n N', 'next/prev match', true]);
  hints.push(['o', `sort: ${SORT_LABEL[s.sort]}`], ['O', 'reverse'], ['1-4', 'views']);
  hints.push(['h', s.results.shown ? 'event log' : 'results']);
  hints.push(['/', 'filter'], ['?', 'help', true], ['q', 'quit', true]);
  return hints;
}

export /** Every key of the market, for the help overlay (labels short enough for its column at 80×24). */
function marketHelp(s: AuctionState): KeyHint[] {
  const buyer = s.account.kind === 'account' && s.account.role === 'buyer';
  const seller = s.account.kind === 'account' && s.account.role === 'seller';
  const keys: KeyHint[] = [
    ['↑↓ jk', 'select an auction'],
    ['PgUp PgDn', 'a page up / down'],
    ['g G', 'first / last auction'],
  ];
  if (buyer)
    keys.push(['b ⏎', 'bid (amount prefilled)'], ['+', 'bid minimum at once'], ['m', 'maximum: auto-bid up to it']);
  if (seller) keys.push(['l', 'list an item'], ['n', 'answer a price question']);
  if (s.account.kind === 'account') keys.push(['s', 'subscribe ★ / unsubscribe']);
  keys.push(['o O', 'sort: end/price/bids/name, reverse']);
  keys.push(['1 2 3 4', 'all · ★ · my bids · wins']);
  keys.push(['/', 'filter by name (Tab: descriptions)'], ['n N', 'next / previous match'], ['Esc', 'clear the filter']);
  keys.push(['h', 'results / event log'], ['c', 'the checkout waiting']);
  if (s.account.kind === 'account') keys.push(['L', 'log in here again']);
  keys.push(['?', 'this help'], ['q Ctrl-C', 'quit (asks if work waits)']);
  return keys;
}
