// Auction rules as pure functions over state (no I/O, clock passed in). Each names the section of
// PROTOCOL.md it implements.
import type { Cents } from '../../shared/protocol/messages.js';
import type { Account, Auction } from '../state/model.js';
import { formatMoney } from '../../shared/protocol/index.js';

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

/** §5 Bids: with no bid, Amount ≥ current price; after that, Amount ≥ highest bid + 0.01. */
export function minimumBid(a: Auction): Cents {
  const top = highestBid(a);
  return top ? top.cents + 1 : a.priceCents;
}

/** §5 Bids: why this bid cannot be accepted, or null. `bidder` is the account bound to the source address. */
export function bidRefusal(a: Auction | undefined, bidder: Account, amount: Cents, now: number): string | null {
  if (a && a.seller.toLowerCase() === bidder.name.toLowerCase()) return 'You cannot bid on your own item';
  if (bidder.role !== 'buyer') return 'Only buyers can bid';
  if (!a) return 'No such open auction';
  if (a.status !== 'open' || now >= a.closesAt) return `Auction ${a.item} is closed`;
  const min = minimumBid(a);
  if (amount < min) {
    return a.bids.length === 0
      ? `Amount must be at least the current price ${formatMoney(min)}`
      : `Amount must be at least ${formatMoney(min)} (highest bid ${formatMoney(min - 1)} + 0.01)`;
  }
  return null;
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
