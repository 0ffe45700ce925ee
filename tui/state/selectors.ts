// Derived views of AuctionState. Pure; time-dependent ones read state.now (the reducer's clock).
import type { Cents } from '../../shared/protocol/index.js';
import type { Auction, AuctionState } from './reducer.js';
import { HIGHLIGHT_MS } from './reducer.js';

/** Whole seconds from `now` until `at` (ms), rounded up like the protocol's Time_Left; never below 0. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whole seconds until closing, rounded up like the protocol's Time_Left; 0 once closed. */
export function secondsLeft(a: Auction, now: number): number {
  if (a.closed) return 0;
  return secondsUntil(a.closesAt, now);
}

export type Urgency = 'calm' | 'soon' | 'imminent' | 'closed';
/** Yellow under a minute, red under ten seconds. */
export function urgency(a: Auction, now: number): Urgency {
  if (a.closed) return 'closed';
  const s = secondsLeft(a, now);
  if (s < 10) return 'imminent';
  if (s < 60) return 'soon';
  return 'calm';
}

/**
 * The smallest bid the server accepts (PROTOCOL.md §5): the current price with no bid yet, else
 * highest + 0.01. When we cannot know whether there is a bid (first seen in a catalog), highest + 0.01:
 * valid either way, a cent more at worst, and never a refused bid.
 */
export function minimumBid(a: Auction): Cents {
  return a.bidCount > 0 || !a.bidsKnown ? a.currentPrice + 1 : a.currentPrice;
}

/** The bid count as shown: `?` while we cannot know whether there were bids before we looked. */
export function bidCountText(a: Auction): string {
  return a.bidCount > 0 || a.bidsKnown ? String(a.bidCount) : '?';
}

export type Standing = 'leading' | 'outbid' | null;
/** "you lead" / "outbid" for the user's own bids. */
export function standing(a: Auction, me: string | null): Standing {
  if (!me) return null;
  if (a.highBidder && a.highBidder.toLowerCase() === me.toLowerCase()) return 'leading';
  if (a.myBid !== null) return 'outbid';
  return null;
}

export function isHighlighted(a: Auction, now: number): boolean {
  return a.changedAt !== null && now - a.changedAt < HIGHLIGHT_MS;
}

/** The next moment a highlight ends (for the store's clock), or null. */
export function nextHighlightEnd(s: AuctionState): number | null {
  let next: number | null = null;
  for (const a of Object.values(s.auctions)) {
    if (a.changedAt === null) continue;
    const end = a.changedAt + HIGHLIGHT_MS;
    if (end > s.now && (next === null || end < next)) next = end;
  }
  return next;
}

function compareAuctions(a: Auction, b: Auction): number {
  // Open before closed, then ending soonest first, then by name.
  if (!!a.closed !== !!b.closed) return a.closed ? 1 : -1;
  return a.closesAt - b.closesAt || a.key.localeCompare(b.key);
}

let memo: { auctions: AuctionState['auctions']; filter: string; result: Auction[] } | null = null;

/** Rows of the auctions table: filtered by name (or description), ending soonest first. Memoized on (auctions, filter). */
export function visibleAuctions(s: AuctionState): Auction[] {
  if (memo && memo.auctions === s.auctions && memo.filter === s.filter) return memo.result;
  const needle = s.filter.trim().toLowerCase();
  const rows = Object.values(s.auctions).filter(
    (a) => needle === '' || a.key.includes(needle) || a.description.toLowerCase().includes(needle),
  );
  rows.sort(compareAuctions);
  memo = { auctions: s.auctions, filter: s.filter, result: rows };
  return rows;
}

export function openAuctionCount(s: AuctionState): number {
  let n = 0;
  for (const a of Object.values(s.auctions)) if (!a.closed) n++;
  return n;
}

/** The selected row: the remembered key if it is visible, else the first visible row. */
export function selectedAuction(s: AuctionState): Auction | null {
  const rows = visibleAuctions(s);
  if (s.selected !== null) {
    const hit = rows.find((a) => a.key === s.selected);
    if (hit) return hit;
  }
  return rows[0] ?? null;
}

export function isSubscribed(s: AuctionState, a: Auction): boolean {
  return s.subscriptions.includes(a.key);
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

/** Our own listing (seller mode): the row says "yours". */
export function isMine(a: Auction, me: string | null): boolean {
  return me !== null && a.seller !== null && a.seller.toLowerCase() === me.toLowerCase();
}

/** The account's name, or null (the reducer's myName, under the name the components use). */
export { myName as me } from './reducer.js';

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
