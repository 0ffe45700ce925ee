// Auction rules as pure functions over state (no I/O, clock passed in). Each names the section of
// PROTOCOL.md it implements.
import type { Cents } from '../../shared/protocol/messages.js';
import { nameKey, type Account, type Auction } from '../state/model.js';
import { formatMoney, minimumNextBid, type IncrementPolicy } from '../../shared/protocol/index.js';

/** §2 Time_Left: whole seconds until close, rounded up; 0 once closed. */
export function timeLeft(a: Auction, now: number): number {
  if (a.status !== 'open') return 0;
  return Math.max(0, Math.ceil((a.closesAt - now) / 1000));
}

export function highestBid(a: Auction): Auction['bids'][number] | undefined {
  return a.bids[a.bids.length - 1];
}

/** §5 Bids: the current price as shown to everyone (highest bid, or the asking price). */
export function currentPrice(a: Auction): Cents {
  return highestBid(a)?.cents ?? a.priceCents;
}

/** §5 Bids: with no bid, Amount ≥ current price; after that, Amount ≥ highest bid + its increment. */
export function minimumBid(a: Auction, policy: IncrementPolicy = 'cent'): Cents {
  return minimumNextBid(policy, currentPrice(a), a.bids.length > 0);
}

/** §5 Maximum bids: the leader's maximum (hidden from everyone else), or its own bid when that is a plain one. */
export function leaderMaximum(a: Auction): Cents | null {
  const top = highestBid(a);
  if (!top) return null;
  return a.maxBid && nameKey(a.maxBid.bidder) === nameKey(top.bidder) ? a.maxBid.cents : top.cents;
}

/** Who may bid at all (§5 Bids): a buyer, not on its own item, on an open auction. */
function bidderRefusal(a: Auction | undefined, bidder: Account, now: number): string | null {
  if (a && nameKey(a.seller) === nameKey(bidder.name)) return 'You cannot bid on your own item';
  if (bidder.role !== 'buyer') return 'Only buyers can bid';
  if (!a) return 'No such open auction';
  if (a.status !== 'open' || now >= a.closesAt) return `Auction ${a.item} is closed`;
  return null;
}

function belowMinimum(field: string, a: Auction, amount: Cents, policy: IncrementPolicy): string | null {
  const min = minimumBid(a, policy);
  if (amount >= min) return null;
  if (a.bids.length === 0) return `${field} must be at least the current price ${formatMoney(min)}`;
  const price = currentPrice(a);
  return `${field} must be at least ${formatMoney(min)} (highest bid ${formatMoney(price)} + ${formatMoney(min - price)})`;
}

const leads = (a: Auction, bidder: Account): boolean => {
  const top = highestBid(a);
  return top !== undefined && nameKey(top.bidder) === nameKey(bidder.name);
};

/** §5 Bids: why this BID cannot be accepted, or null. `bidder` is the account bound to the source address. */
export function bidRefusal(
  a: Auction | undefined,
  bidder: Account,
  amount: Cents,
  now: number,
  policy: IncrementPolicy = 'cent',
): string | null {
  const who = bidderRefusal(a, bidder, now);
  if (who || !a) return who ?? 'No such open auction';
  // A leader holding a higher maximum would only bid against itself (its maximum already covers it).
  const max = leaderMaximum(a);
  if (leads(a, bidder) && max !== null && max > currentPrice(a) && amount <= max)
    return `You already lead with your maximum of ${formatMoney(max)}; raise it with MAX_BID`;
  return belowMinimum('Amount', a, amount, policy);
}

/**
 * §5 Maximum bids: why this MAX_BID cannot be taken, or null. A new maximum must reach the minimum next
 * bid; the leader may raise its own (it must exceed the old one).
 */
export function maxBidRefusal(
  a: Auction | undefined,
  bidder: Account,
  max: Cents,
  now: number,
  policy: IncrementPolicy = 'cent',
): string | null {
  const who = bidderRefusal(a, bidder, now);
  if (who || !a) return who ?? 'No such open auction';
  if (leads(a, bidder)) {
    const own = leaderMaximum(a)!;
    const what = a.maxBid && nameKey(a.maxBid.bidder) === nameKey(bidder.name) ? 'your maximum' : 'your bid';
    return max > own ? null : `Max_Amount must be more than ${what} ${formatMoney(own)}`;
  }
  return belowMinimum('Max_Amount', a, max, policy);
}

/** §5 soft close: a bid accepted with fewer than S seconds left moves the close to S seconds from now. */
export function softCloseAfterBid(a: Auction, now: number, softCloseS: number): number | undefined {
  if (softCloseS <= 0) return undefined;
  const extended = now + softCloseS * 1000;
  return a.closesAt - now < softCloseS * 1000 && extended > a.closesAt ? extended : undefined;
}

/** §5 Negotiation: the moment the server asks the seller (half the duration). */
export function negotiationDueAt(a: Auction): number {
  return a.openedAt + Math.floor((a.durationS * 1000) / 2);
}

/**
 * §5 Negotiation: where an auction stands — the one rule the scheduler and ACCEPT/REFUSE share.
 * - `closed`: not open any more (or its close time has come);
 * - `answered`: the seller accepted or refused (once per auction);
 * - `bid`: it has a bid, which forestalls or ends the negotiation;
 * - `asked`: open, unanswered, no bid, asked: NEGOTIATE_REQ is repeated until answered;
 * - `due`: open, no bid, not asked, half time reached: ask now;
 * - `waiting`: open, no bid, not asked, before half time.
 */
export type NegotiationPhase = 'closed' | 'answered' | 'bid' | 'asked' | 'due' | 'waiting';

export function negotiationPhase(a: Auction, now: number): NegotiationPhase {
  if (a.status !== 'open' || now >= a.closesAt) return 'closed';
  if (a.negotiation === 'accepted' || a.negotiation === 'refused') return 'answered';
  if (a.bids.length > 0) return 'bid';
  if (a.negotiation === 'asked') return 'asked';
  return now >= negotiationDueAt(a) ? 'due' : 'waiting';
}

/** §5 Negotiation: why an ACCEPT/REFUSE cannot be taken, or null. */
export function negotiationRefusal(
  a: Auction | undefined,
  seller: Account,
  rq: string,
  newPrice: Cents | null,
  now: number,
): string | null {
  if (!a) return 'No such open auction';
  if (a.seller.toLowerCase() !== seller.name.toLowerCase()) return `You are not the seller of ${a.item}`;
  const phase = negotiationPhase(a, now);
  if (phase === 'closed') return `Auction ${a.item} is closed`;
  if (a.negotiation === 'none') return `No negotiation was requested for ${a.item}`;
  if (phase === 'answered') return `The negotiation for ${a.item} was already answered`;
  if (a.negotiateRq !== rq) return `RQ# ${rq} does not match the NEGOTIATE_REQ (${a.negotiateRq})`;
  if (phase === 'bid') return `${a.item} has a bid now; the price can no longer be lowered`;
  if (newPrice !== null && newPrice >= a.priceCents)
    return `New_Price must be lower than the current price ${formatMoney(a.priceCents)}`;
  return null;
}

/** §7: how a sale is split; shared with the client, whose checkout pane shows the seller's credit. */
export { settlement } from '../../shared/protocol/settlement.js';
