// The user and the server: who the user is, what they may do, whether the server ever answered, the
// status line in force, and the bid increments as the client knows them.
import type { Cents } from '../../shared/protocol/index.js';
import { increment } from '../../shared/protocol/increments.js';
import { money } from '../format.js';
import { myName, same } from './helpers.js';
import type { Auction, AuctionState } from './model.js';
import { selectedAuction } from './table-selectors.js';

/** The account's name, or null. */
export { myName as me } from './helpers.js';

/** Whether `name` is the user (for the components). */
export function isMe(s: AuctionState, name: string | null): boolean {
  const me = myName(s);
  return me !== null && name !== null && same(name, me);
}

/** A logged-in account (bids, subscriptions need one; spectators and the register form have none). */
export function hasSession(s: AuctionState): boolean {
  return s.account.kind === 'account' && s.account.loggedIn;
}

/** Bidding is for logged-in buyers, on open auctions. */
export function canBid(s: AuctionState, a: Auction | null = selectedAuction(s)): boolean {
  return (
    s.account.kind === 'account' &&
    s.account.loggedIn &&
    s.account.role === 'buyer' &&
    a !== null &&
    !a.closed &&
    s.connection.state !== 'offline'
  );
}

export function canSubscribe(s: AuctionState, a: Auction | null = selectedAuction(s)): boolean {
  return hasSession(s) && a !== null && !a.closed && s.connection.state !== 'offline';
}

/** Listing is for logged-in sellers while the server answers. */
export function canList(s: AuctionState): boolean {
  return (
    s.account.kind === 'account' &&
    s.account.loggedIn &&
    s.account.role === 'seller' &&
    s.connection.state !== 'offline'
  );
}

/** After this long without any answer at launch, say how to start a server instead of "connecting…". */
export const FIRST_ANSWER_PATIENCE_MS = 3000;

/** Whether the server has never answered since launch (for a few seconds now): show how to start one. */
export function serverNeverAnswered(s: AuctionState): boolean {
  if (s.connection.everOnline) return false;
  return s.connection.state === 'offline' || s.now - s.connection.since >= FIRST_ANSWER_PATIENCE_MS;
}

/** The status line is shown for a while after the action it reports. */
export const STATUS_MS = 10_000;

export function currentStatus(s: AuctionState): AuctionState['status'] {
  return s.status && s.now - s.status.at < STATUS_MS ? s.status : null;
}

/**
 * The increments in force, for the help ("0.01 (cent, assumed until …)") and, `short`, the maximum prompt ("0.01
 * (cent)").
 */
export function incrementsText(s: AuctionState, at?: Cents, short = false): string {
  const { policy, source } = s.increments;
  const how = {
    option: 'as --increments says',
    learned: 'learned from the server',
    observed: 'seen in the bids',
    assumed: 'assumed until the server shows otherwise',
  }[source];
  const step = at === undefined ? (policy === 'cent' ? '0.01' : "eBay's bands") : money(increment(policy, at)).slice(1);
  return short ? `${step} (${policy})` : `${step} (${policy}, ${how})`;
}
