// §5 Maximum (proxy) bids, as eBay's automatic bidding does it: the contest between a new bid or
// maximum and the leader's. Pure: the auction's state and the entry in, the bids to record out.
//
// The leader is the bidder with the highest maximum (on equal maxima, the one placed first — so the
// leader keeps a tie); a plain BID counts as a maximum of its amount. The price is the leader's own
// amount when its bid is a plain one, else the lower of its maximum and the second-highest maximum +
// the increment (of that maximum's band), and never below the asking price. Only the leader's maximum
// is kept: every other bidder's is at most the price (beaten, so already shown as its last bid).
//
// Validation (who may bid, the minimum, the leader raising) is bidRefusal / maxBidRefusal's; this assumes it passed.
import { increment, type IncrementPolicy } from '../../shared/protocol/increments.js';
import type { Cents } from '../../shared/protocol/messages.js';
import { nameKey, type Auction } from '../state/model.js';
import { highestBid, leaderMaximum } from './auction-rules.js';

/** A new bid: a plain BID of `cents`, or a MAX_BID of at most `cents`. */
export interface Entry {
  bidder: string;
  cents: Cents;
  kind: 'bid' | 'max';
}

export interface Contest {
  /** The bids to record, in order — each is one BID_UPDATE (§6); the last names the leader and the price. */
  recorded: Array<{ bidder: string; cents: Cents }>;
  /**
   * The leader's maximum after the contest: kept as it was (`unchanged`, an answering maximum), set
   * (the new entry leads or raises with a MAX_BID), or none (a plain BID leads).
   */
  leaderMax: 'unchanged' | { bidder: string; cents: Cents } | null;
  /** The price and leader once the proxy has answered (MAX_BID_SET's fields). */
  price: Cents;
  leader: string;
}

/** The outcome of `entry` against auction `a` under the increment policy. */
/** The entry's bidder takes (or keeps) the lead at `cents`: one recorded bid. */
function lead(bidder: string, cents: Cents, leaderMax: Contest['leaderMax']): Contest {
  return { recorded: [{ bidder, cents }], leaderMax, price: cents, leader: bidder };
}

// (A plain function at module level, not a closure per call: this runs for every bid.)
export function contest(a: Auction, entry: Entry, policy: IncrementPolicy): Contest {
  const top = highestBid(a);
  const mine = entry.kind === 'max' ? { bidder: entry.bidder, cents: entry.cents } : null;
  // No bid yet: a plain BID leads at its amount, a first MAX_BID at the current (asking) price.
  if (!top) return lead(entry.bidder, entry.kind === 'bid' ? entry.cents : a.priceCents, mine);
  const leaderMax = leaderMaximum(a)!;
  // The leader raising its own maximum: nothing to record, the price does not move.
  if (nameKey(top.bidder) === nameKey(entry.bidder)) {
    if (entry.kind === 'max') return { recorded: [], leaderMax: mine, price: top.cents, leader: top.bidder };
    return lead(entry.bidder, entry.cents, null); // a plain bid above its own maximum
  }
  // A challenger beats the leader's maximum: a plain BID at its amount, a MAX_BID just enough above it.
  if (entry.cents > leaderMax) {
    if (entry.kind === 'bid') return lead(entry.bidder, entry.cents, null);
    return lead(entry.bidder, Math.min(entry.cents, leaderMax + increment(policy, leaderMax)), mine);
  }
  // The leader's maximum is at least as high (and placed first): it answers at once, just above the challenger.
  const answer = Math.min(leaderMax, entry.cents + increment(policy, entry.cents));
  return {
    recorded: [
      { bidder: entry.bidder, cents: entry.cents },
      { bidder: top.bidder, cents: answer },
    ],
    leaderMax: 'unchanged',
    price: answer,
    leader: top.bidder,
  };
}
