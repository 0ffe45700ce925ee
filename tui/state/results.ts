// Recent results: every AUCTION_CLOSED seen (sold for how much to whom, or unsold), newest first. The
// table drops a closed auction after a few seconds; its result stays here. `h` toggles the list in
// place of the event log, for buyers, sellers and spectators alike.
import type { Cents } from '../../shared/protocol/index.js';
import type { Action, AuctionState } from './reducer.js';
import { same } from './reducer.js';

export interface AuctionResult {
  id: number;
  item: string;
  /** When the close was seen (local clock). */
  at: number;
  finalPrice: Cents;
  /** Null: nothing sold. */
  winner: string | null;
  /** Known for our own listings. */
  seller: string | null;
  /** Our highest bid on it, if we bid. */
  myBid: Cents | null;
}

export interface ResultsState {
  entries: AuctionResult[];
  /** Whether the results list shows in place of the event log. */
  shown: boolean;
  nextId: number;
}

export const INITIAL_RESULTS: ResultsState = { entries: [], shown: false, nextId: 1 };
export const RESULTS_LIMIT = 50;
/** A second AUCTION_CLOSED for the same item and result within this window is the same close. */
const DUPLICATE_MS = 60_000;

export type ResultsAction = { type: 'resultsToggle' };

export function isResultsAction(a: { type: string }): a is ResultsAction {
  return a.type === 'resultsToggle';
}

export function reduceResults(s: AuctionState, action: ResultsAction): AuctionState {
  switch (action.type) {
    case 'resultsToggle':
      return { ...s, results: { ...s.results, shown: !s.results.shown } };
  }
}

/** Runs after the main reducer: an AUCTION_CLOSED becomes a result (`before` still has the open auction). */
export function afterResults(before: AuctionState, s: AuctionState, action: Action, now: number): AuctionState {
  if (action.type !== 'push' || action.msg.type !== 'AUCTION_CLOSED') return s;
  const msg = action.msg;
  const last = s.results.entries.find((r) => same(r.item, msg.item));
  if (
    last &&
    last.finalPrice === msg.finalPrice &&
    (last.winner ?? '') === (msg.winner ?? '') &&
    now - last.at < DUPLICATE_MS
  )
    return s;
  const a = before.auctions[msg.item.toLowerCase()] ?? s.auctions[msg.item.toLowerCase()];
  const entry: AuctionResult = {
    id: s.results.nextId,
    item: a?.item ?? msg.item,
    at: now,
    finalPrice: msg.finalPrice,
    winner: msg.winner,
    seller: a?.seller ?? null,
    myBid: a?.myBid ?? null,
  };
  const entries = [entry, ...s.results.entries].slice(0, RESULTS_LIMIT);
  return { ...s, results: { ...s.results, entries, nextId: s.results.nextId + 1 } };
}

export type ResultMark = 'won' | 'lost' | 'sold' | 'unsold' | null;
/** The result from this user's side: won / lost (as a bidder), sold / unsold (as its seller). */
export function resultMark(r: AuctionResult, me: string | null): ResultMark {
  if (!me) return null;
  if (r.seller && same(r.seller, me)) return r.winner ? 'sold' : 'unsold';
  if (r.winner && same(r.winner, me)) return 'won';
  if (r.myBid !== null) return 'lost';
  return null;
}
