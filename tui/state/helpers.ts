// Small pure helpers shared by the slices and selectors. Imports only the model (no slice, no root):
// everything in tui/state can use these without an import circle.
import type { Cents } from '../../shared/protocol/index.js';
import type { Account, Auction, AuctionState, LogEntry, Note, PricePoint, SliceResult, Tone } from './model.js';
import { HISTORY_LIMIT, LOG_LIMIT } from './model.js';
import type { AuctionMap } from './auction-map.js';

/** Names compare case-insensitively (PROTOCOL.md §2). */
export function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The account's name, or null (spectator, not registered). */
export function accountName(account: Account): string | null {
  return account.kind === 'account' ? account.name : null;
}

export function myName(s: Pick<AuctionState, 'account'>): string | null {
  return accountName(s.account);
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** The list with the item's key added once. */
export function addKey(list: string[], item: string): string[] {
  const key = item.toLowerCase();
  return list.includes(key) ? list : [...list, key];
}

/** A record without `key` (the same record when it has none). */
export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/**
 * A new close-time estimate from a message: Time_Left is rounded up, so each estimate is late by up to
 * a second, and estimates for one auction jitter. Keep the earliest of estimates that agree within a
 * second (stable countdown and row order); a jump of more than that is a real change (soft close).
 */
export function refineCloseTime(current: number, estimate: number): number {
  return Math.abs(estimate - current) < 1000 ? Math.min(current, estimate) : estimate;
}

export function newAuction(
  item: string,
  description: string,
  price: Cents,
  closesAt: number,
  now: number,
  fromListing: boolean,
): Auction {
  return {
    item,
    key: item.toLowerCase(),
    description,
    seller: null,
    startPrice: price,
    fromListing,
    currentPrice: price,
    highBidder: null,
    bidCount: 0,
    bidsKnown: fromListing,
    closesAt,
    history: [{ at: now, price, bidder: null, kind: fromListing ? 'listed' : 'seen' }],
    myBid: null,
    changedAt: fromListing ? now : null,
    change: fromListing ? 'new' : null,
    closed: null,
  };
}

/** The auctions with `a` put under its key. */
export function withAuction(auctions: AuctionMap, a: Auction): AuctionMap {
  return auctions.set(a);
}

export function pushHistory(history: PricePoint[], p: PricePoint): PricePoint[] {
  const next = history.length >= HISTORY_LIMIT ? history.slice(history.length - HISTORY_LIMIT + 1) : history.slice();
  next.push(p);
  return next;
}

// ---- notes: what slices say, applied by the root ---------------------------------------------------

export const note = (tone: Tone, text: string, item?: string): Note => ({ tone, text, ...(item ? { item } : {}) });
/** A note for the status line and the log. */
export const shout = (tone: Tone, text: string, item?: string): Note => ({ ...note(tone, text, item), where: 'both' });
/** A note for the status line only. */
export const status = (tone: Tone, text: string): Note => ({ tone, text, where: 'status' });

/** A slice result with no change and nothing to say. */
export function unchanged<T>(slice: T): SliceResult<T> {
  return { slice, notes: [] };
}

export function result<T>(slice: T, ...notes: Note[]): SliceResult<T> {
  return { slice, notes };
}

/** The notes applied to the event log, the status line and the bell count, in order. */
export function applyNotes(s: AuctionState, notes: readonly Note[], now: number): AuctionState {
  if (notes.length === 0) return s;
  let log = s.log;
  let nextLogId = s.nextLogId;
  let statusLine = s.status;
  let bells = s.bells;
  for (const n of notes) {
    if (n.bell && s.settings.bell) bells++;
    const where = n.where ?? 'log';
    if (where !== 'log') statusLine = { at: now, tone: n.tone, text: n.text };
    if (where === 'status') continue;
    const entry: LogEntry = {
      id: nextLogId++,
      at: now,
      tone: n.tone,
      text: n.text,
      ...(n.item ? { item: n.item } : {}),
    };
    log = log.length >= LOG_LIMIT ? [entry, ...log.slice(0, LOG_LIMIT - 1)] : [entry, ...log];
  }
  return { ...s, log, nextLogId, status: statusLine, bells };
}
