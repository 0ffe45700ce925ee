// What the screen says of one auction: time left and how urgent it is, the smallest bid the server
// takes, the bid count, and where the user stands. Pure; the clock is passed in (the reducer's `now`).
import type { Cents } from '../../shared/protocol/index.js';
import { minimumNextBid, type IncrementPolicy } from '../../shared/protocol/increments.js';
import { money } from '../format.js';
import { same } from './helpers.js';
import type { Auction } from './model.js';
import { HIGHLIGHT_MS } from './model.js';

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
 * The smallest bid (or maximum) the server accepts (PROTOCOL.md §5): the current price with no bid yet,
 * else highest + the increment (0.01 under `cent`; by band under `ebay`). When we cannot know whether
 * there is a bid (first seen in a catalog), highest + the increment: valid either way, one increment
 * more at worst, and never a refused bid.
 */
export function minimumBid(a: Auction, policy: IncrementPolicy = 'cent'): Cents {
  return minimumNextBid(policy, a.currentPrice, a.bidCount > 0 || !a.bidsKnown);
}

/** The bid count as shown: `?` while we cannot know whether there were bids before we looked. */
export function bidCountText(a: Auction): string {
  return a.bidCount > 0 || a.bidsKnown ? String(a.bidCount) : '?';
}

/** "you lead" / "you lead · max $X" / "outbid", as the YOU column and the detail pane say it; '' for none. */
export function standingText(a: Auction, me: string | null): string {
  const st = standing(a, me);
  if (st === 'leading') return a.myMax ? `you lead · max ${money(a.myMax)}` : 'you lead';
  if (st === 'outbid') return 'outbid';
  return '';
}

export type Standing = 'leading' | 'outbid' | null;

/** "you lead" / "outbid" for the user's own bids (and maxima). */
export function standing(a: Auction, me: string | null): Standing {
  if (!me) return null;
  if (a.highBidder && same(a.highBidder, me)) return 'leading';
  if (a.myBid !== null) return 'outbid';
  return null;
}

export function isHighlighted(a: Auction, now: number): boolean {
  return a.changedAt !== null && now - a.changedAt < HIGHLIGHT_MS;
}

/** Our own listing (seller mode): the row says "yours". */
export function isMine(a: Auction, me: string | null): boolean {
  return me !== null && a.seller !== null && same(a.seller, me);
}
