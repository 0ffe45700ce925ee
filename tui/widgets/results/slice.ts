// Recent results: every AUCTION_CLOSED seen (sold for how much to whom, or unsold), newest first. The
// table drops a closed auction after a few seconds; its result stays here. `h` toggles the list in
// place of the event log, for buyers, sellers and spectators alike.
import { same, unchanged } from '../../state/helpers.js';
import type { Action, AuctionState, SliceResult } from '../../state/model.js';
import type { WidgetModel } from '../widget.js';
import type { AuctionResult, ResultsState, ResultsTypes } from './actions.js';

export const INITIAL_RESULTS: ResultsState = { entries: [], shown: false, nextId: 1 };
export const RESULTS_LIMIT = 50;
/** A second AUCTION_CLOSED for the same item and result within this window is the same close. */
const DUPLICATE_MS = 60_000;

/** `s` has the auctions slice already updated: a closed auction keeps its seller and our bid until it is pruned. */
export function reduceResults(
  results: ResultsState,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<ResultsState> {
  if (action.type === 'resultsToggle') return unchanged({ ...results, shown: !results.shown });
  if (action.type !== 'push' || action.msg.type !== 'AUCTION_CLOSED') return unchanged(results);
  const msg = action.msg;
  const last = results.entries.find((r) => same(r.item, msg.item));
  if (
    last &&
    last.finalPrice === msg.finalPrice &&
    (last.winner ?? '') === (msg.winner ?? '') &&
    now - last.at < DUPLICATE_MS
  )
    return unchanged(results);
  const a = s.auctions.get(msg.item.toLowerCase());
  const entry: AuctionResult = {
    id: results.nextId,
    item: a?.item ?? msg.item,
    at: now,
    finalPrice: msg.finalPrice,
    winner: msg.winner,
    seller: a?.seller ?? null,
    myBid: a?.myBid ?? null,
  };
  const entries = [entry, ...results.entries].slice(0, RESULTS_LIMIT);
  return unchanged({ ...results, entries, nextId: results.nextId + 1 });
}

/** Late (after the modal slot), where the root reducer always ran it; it reads only the auctions' new state. */
export const RESULTS_MODEL: WidgetModel<ResultsTypes> = {
  initial: { results: INITIAL_RESULTS },
  slices: { results: reduceResults },
  late: true,
};
