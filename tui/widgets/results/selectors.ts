// What the results list derives: each result from this user's side.
import { same } from '../../state/helpers.js';
import type { AuctionResult } from './actions.js';

export type ResultMark = 'won' | 'lost' | 'sold' | 'unsold' | null;
/** The result from this user's side: won / lost (as a bidder), sold / unsold (as its seller). */
export function resultMark(r: AuctionResult, me: string | null): ResultMark {
  if (!me) return null;
  if (r.seller && same(r.seller, me)) return r.winner ? 'sold' : 'unsold';
  if (r.winner && same(r.winner, me)) return 'won';
  if (r.myBid !== null) return 'lost';
  return null;
}
