// Derived views of AuctionState. Pure; time-dependent ones read state.now (the reducer's clock). They
// import only the model and the helpers, so every slice and component can use them.
import type { Cents } from '../../shared/protocol/index.js';
import { settlement } from '../../shared/protocol/index.js';
import { increment, minimumNextBid, type IncrementPolicy } from '../../shared/protocol/increments.js';
import { minSec, money } from '../format.js';
import type { Checkout, CheckoutPhase, CheckoutState, ListingTemplate } from '../widgets/checkout/actions.js';
import { filterMatches, filterParts } from '../widgets/filter/selectors.js';
import { myName, same } from './helpers.js';
import type { SortKey, TableView } from '../widgets/market/actions.js';
import type { Auction, AuctionState, Settings } from './model.js';
import { CLOSED_LINGER_MS, HIGHLIGHT_MS, NEGOTIATION_ARM_MS } from './model.js';

/** The account's name, or null. */
export { myName as me } from './helpers.js';

// ---- time ----------------------------------------------------------------------------------------

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

// ---- one auction ---------------------------------------------------------------------------------

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

// ---- the table -----------------------------------------------------------------------------------

export const SORT_LABEL: Record<SortKey, string> = {
  ending: 'ending soonest',
  price: 'price',
  bids: 'bids',
  name: 'name',
  'ending-reversed': 'ending latest',
  'price-reversed': 'price, lowest first',
  'bids-reversed': 'bids, fewest first',
  'name-reversed': 'name, Z to A',
};

export const VIEW_LABEL: Record<TableView, string> = {
  all: 'all',
  watch: '★ watchlist',
  mine: 'my bids',
  won: 'my wins',
};

/** The views in key order (1–4). */
export const VIEWS: readonly TableView[] = ['all', 'watch', 'mine', 'won'];

// Ordinal comparison of the lowercase keys: names are ASCII (§2), and localeCompare costs a
// microsecond per call — too much for sorting 10,000 rows.
const byKey = (a: Auction, b: Auction): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const BY: Record<SortKey, (a: Auction, b: Auction) => number> = {
  ending: (a, b) => a.closesAt - b.closesAt,
  price: (a, b) => b.currentPrice - a.currentPrice,
  bids: (a, b) => b.bidCount - a.bidCount,
  name: byKey,
  // Reversed: the key only; open rows still come before closed ones, and ties still end soonest first.
  'ending-reversed': (a, b) => b.closesAt - a.closesAt,
  'price-reversed': (a, b) => a.currentPrice - b.currentPrice,
  'bids-reversed': (a, b) => a.bidCount - b.bidCount,
  'name-reversed': (a, b) => byKey(b, a),
};

const COMPARERS = new Map<SortKey, (a: Auction, b: Auction) => number>();
function comparer(sort: SortKey): (a: Auction, b: Auction) => number {
  let c = COMPARERS.get(sort);
  if (!c) {
    // Open before closed, then the sort key, then ending soonest, then by name: a total order (keys
    // are unique), so a row's place can be found by binary search.
    const by = BY[sort];
    c = (a, b) => {
      if (!!a.closed !== !!b.closed) return a.closed ? 1 : -1;
      return by(a, b) || a.closesAt - b.closesAt || byKey(a, b);
    };
    COMPARERS.set(sort, c);
  }
  return c;
}

/** Whether an auction belongs in a view. Closed rows linger a few seconds in the market views; ours stay in ours. */
function inView(s: AuctionState, a: Auction, me: string | null): boolean {
  const lingering = !a.closed || s.now - a.closed.at < CLOSED_LINGER_MS;
  switch (s.view) {
    case 'all':
      return lingering;
    case 'watch':
      return lingering && s.subscriptions.includes(a.key);
    case 'mine':
      return a.myBid !== null;
    case 'won':
      return a.closed !== null && a.closed.winner !== null && me !== null && same(a.closed.winner, me);
  }
}

interface Memo {
  auctions: AuctionState['auctions'];
  filter: string;
  sort: SortKey;
  view: TableView;
  subscriptions: string[];
  account: AuctionState['account'];
  /** A closed row leaves the market views when its linger ends: the time it was computed for. */
  lingerEnd: number;
  result: Auction[];
}
let memo: Memo | null = null;

/** First index in sorted `rows` whose row does not sort before `a`. */
function lowerBound(rows: Auction[], a: Auction, cmp: (x: Auction, y: Auction) => number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid], a) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rows of the auctions table: the view's auctions, filtered by name (or description), in the sort
 * order. Memoized on what they depend on; when only some auctions changed since the last call (a bid
 * update), the previous rows are patched — each changed row taken out and put back by binary search —
 * instead of sorting every row again: O(changes × log n) comparisons per frame at 10,000 rows. A
 * filter that only grew (typing) narrows the previous rows instead of sorting again.
 */
export function visibleAuctions(s: AuctionState): Auction[] {
  const sameView =
    memo !== null &&
    memo.sort === s.sort &&
    memo.view === s.view &&
    memo.subscriptions === s.subscriptions &&
    memo.account === s.account &&
    s.now < memo.lingerEnd;
  if (memo && sameView && memo.filter === s.filter && memo.auctions === s.auctions) return memo.result;
  const me = myName(s);
  const matches = filterMatches(s.filter);
  const wanted = (a: Auction): boolean => inView(s, a, me) && matches(a);
  const cmp = comparer(s.sort);
  const typed = filterParts(s.filter);
  const old = memo ? filterParts(memo.filter) : null;
  // A filter that only grew (typing on) within the same mode matches a subset of what the old one did.
  const grew = old !== null && old.descriptions === typed.descriptions && typed.needle.includes(old.needle);
  const changed = memo && sameView && memo.filter === s.filter ? s.auctions.changedSince(memo.auctions) : null;
  let rows: Auction[];
  let lingerEnd: number;
  if (memo && changed) {
    rows = memo.result.slice();
    lingerEnd = memo.lingerEnd;
    for (const key of changed) {
      const old = memo.auctions.get(key);
      if (old) {
        const at = lowerBound(rows, old, cmp);
        if (rows[at] === old) rows.splice(at, 1);
      }
      const a = s.auctions.get(key);
      if (a && wanted(a)) {
        rows.splice(lowerBound(rows, a, cmp), 0, a);
        if (a.closed && s.now - a.closed.at < CLOSED_LINGER_MS)
          lingerEnd = Math.min(lingerEnd, a.closed.at + CLOSED_LINGER_MS);
      }
    }
  } else if (memo && sameView && memo.auctions === s.auctions && grew) {
    // The filter only grew: whatever matches it matched the old one, already in order.
    rows = memo.result.filter(wanted);
    lingerEnd = memo.lingerEnd;
  } else {
    lingerEnd = Number.POSITIVE_INFINITY;
    rows = [];
    for (const a of s.auctions.values()) {
      if (a.closed && s.now - a.closed.at < CLOSED_LINGER_MS)
        lingerEnd = Math.min(lingerEnd, a.closed.at + CLOSED_LINGER_MS);
      if (wanted(a)) rows.push(a);
    }
    rows.sort(cmp);
  }
  memo = {
    auctions: s.auctions,
    filter: s.filter,
    sort: s.sort,
    view: s.view,
    subscriptions: s.subscriptions,
    account: s.account,
    lingerEnd,
    result: rows,
  };
  return rows;
}

/** Auctions known open (the header's and the table's "N open"). */
export function openAuctionCount(s: AuctionState): number {
  return s.auctions.openCount;
}

/** Keys of the auctions known open (a listing under one of these names is refused early). */
export function openItemKeys(s: AuctionState): string[] {
  const keys: string[] = [];
  for (const a of s.auctions.values()) if (!a.closed) keys.push(a.key);
  return keys;
}

/**
 * Whether a closed auction would be in the table but for its linger ending: the selection stays on
 * such a row, shown closed, until the user moves (issue 19.2: a row that left under the cursor put the
 * next key on another lot).
 */
function pinnable(s: AuctionState, a: Auction): boolean {
  if (s.view !== 'all' && !(s.view === 'watch' && s.subscriptions.includes(a.key))) return false;
  return filterMatches(s.filter)(a);
}

let pinMemo: { rows: Auction[]; pinned: Auction; sort: SortKey; result: Auction[] } | null = null;

/** The table's rows: the visible auctions, and the selected one if it closed and its linger ended. */
export function tableRows(s: AuctionState): Auction[] {
  const rows = visibleAuctions(s);
  const a = s.selected === null ? undefined : s.auctions.get(s.selected);
  if (!a?.closed || !pinnable(s, a) || rows.includes(a)) return rows;
  if (pinMemo && pinMemo.rows === rows && pinMemo.pinned === a && pinMemo.sort === s.sort) return pinMemo.result;
  const result = rows.slice();
  result.splice(lowerBound(result, a, comparer(s.sort)), 0, a);
  pinMemo = { rows, pinned: a, sort: s.sort, result };
  return result;
}

/**
 * The selected row: the price question's item while one is on screen, else the remembered key if it
 * is in the table, else the first row (the selected slice keeps the key on a row, tui/state/table.ts).
 */
export function selectedAuction(s: AuctionState): Auction | null {
  const rows = tableRows(s);
  const key = s.modal?.kind === 'negotiate' ? s.modal.item.toLowerCase() : s.selected;
  if (key !== null) {
    const hit = rows.find((a) => a.key === key);
    if (hit) return hit;
  }
  return rows[0] ?? null;
}

export function isSubscribed(s: AuctionState, a: Auction): boolean {
  return s.subscriptions.includes(a.key);
}

// ---- what the user may do --------------------------------------------------------------------------

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

// ---- connection and status -------------------------------------------------------------------------

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

// ---- the price question (seller) ---------------------------------------------------------------------

/** Questions waiting for an answer (not the one on screen), by item name. */
export function waitingNegotiations(s: AuctionState): string[] {
  const open = s.modal?.kind === 'negotiate' ? s.modal.item.toLowerCase() : null;
  const { requests, answered } = s.negotiation;
  return Object.keys(requests)
    .filter((k) => k !== open && answered[k] !== requests[k].rq)
    .sort();
}

/** The close time of the asked auction: the table's when known, else the request's. */
export function negotiationClosesAt(s: AuctionState, item: string): number | null {
  const key = item.toLowerCase();
  const a = s.auctions.get(key);
  return a ? a.closesAt : (s.negotiation.closesAt[key] ?? null);
}

/** The price question on screen takes keys once it has been there a moment (by the store's clock). */
export function negotiationArmed(s: AuctionState): boolean {
  return s.modal?.kind === 'negotiate' && s.now - s.modal.openedAt >= NEGOTIATION_ARM_MS;
}

// ---- the store's clock -------------------------------------------------------------------------------

/** The next moment the screen changes by itself (a highlight ends, a price question arms), or null. */
export function nextWake(s: AuctionState): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    if (at > s.now && (next === null || at < next)) next = at;
  };
  const highlight = s.auctions.nextHighlightEnd(s.now, HIGHLIGHT_MS);
  if (highlight !== null) consider(highlight);
  if (s.modal?.kind === 'negotiate') consider(s.modal.openedAt + NEGOTIATION_ARM_MS);
  return next;
}

// ---- checkout ------------------------------------------------------------------------------------

const FINISHED: ReadonlySet<CheckoutPhase> = new Set<CheckoutPhase>([
  'complete',
  'shipping',
  'cancelled',
  'unsold',
  'lost',
]);

export function isFinished(c: Checkout): boolean {
  return FINISHED.has(c.phase);
}

/** Still needs the user's details (INFORM_Res not sent). */
export function needsAnswer(c: Checkout): boolean {
  return c.phase === 'opening' || c.phase === 'form';
}

/** The checkout the pane shows: the first live one not dismissed (it has a deadline), else the first finished one. */
export function current(c: CheckoutState): Checkout | null {
  let finished: Checkout | null = null;
  for (const e of c.entries) {
    if (e.dismissed) continue;
    if (!isFinished(e)) return e;
    finished ??= e;
  }
  return finished;
}

/** Checkouts waiting behind the current one. */
export function queued(c: CheckoutState): number {
  return Math.max(0, c.entries.filter((e) => !e.dismissed).length - 1);
}

/** Whole seconds left to answer (rounded up), or null before the INFORM_Req. */
export function answerSecondsLeft(e: Checkout, now: number): number | null {
  if (e.deadline === null) return null;
  return secondsUntil(e.deadline, now);
}

/** A complete template can be relisted with one key; otherwise the pane asks for what is missing. */
export function completeListing(
  t: ListingTemplate | null,
): t is { item: string; description: string; startPrice: Cents; durationS: number } {
  return !!t && t.description !== null && t.startPrice !== null && t.durationS !== null;
}

/** The seller's credit at the server's default commission (the server may be run with another),
 *  computed by the same rule as the server's transaction. */
export function sellerCredit(finalPrice: Cents): Cents {
  return settlement(finalPrice).credited;
}

/** The header badge while a checkout is off screen: what waits, and for how long. */
export function checkoutBadge(s: AuctionState): string | null {
  const c = s.checkout;
  const e = current(c);
  if (!e || (c.visible && s.modal === null)) return null;
  const more = queued(c) > 0 ? ` +${queued(c)}` : '';
  if (needsAnswer(e)) {
    const left = answerSecondsLeft(e, s.now);
    return `CHECKOUT ${e.item}${left !== null ? ` ${minSec(left)}` : ''}${more} · c`;
  }
  if (e.phase === 'sending' || e.phase === 'sent') return `CHECKOUT ${e.item} waiting${more} · c`;
  return `CHECKOUT ${e.item} ${e.phase === 'unsold' ? 'not sold' : 'done'}${more} · c`;
}

/** The pane is on screen and has the keyboard: visible, and no other prompt open over it. */
export function checkoutOnScreen(s: AuctionState): boolean {
  return s.checkout.visible && s.modal === null && s.account.kind === 'account' && current(s.checkout) !== null;
}

/** A checkout still waiting for this user's details, or for the server's outcome (quitting would lose it). */
export function liveCheckout(s: AuctionState): Checkout | null {
  return s.checkout.entries.find((e) => !isFinished(e)) ?? null;
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

// ---- confirmations -----------------------------------------------------------------------------------

/**
 * Why a bid (or maximum) of `amount` on `a` deserves a second key, or null: at least confirmRatio × the
 * current price, or at least confirmAboveCents above it (the settings; --no-confirm turns it off).
 */
export function bidNeedsConfirm(amount: Cents, a: Auction, settings: Settings): string | null {
  if (!settings.confirm) return null;
  const price = a.currentPrice;
  const ratio = price > 0 ? amount / price : Number.POSITIVE_INFINITY;
  if (ratio >= settings.confirmRatio) {
    const times = ratio >= 10 ? Math.round(ratio).toString() : (Math.floor(ratio * 10) / 10).toString();
    return `${times}× the current price ${money(price)}`;
  }
  if (amount - price >= settings.confirmAboveCents)
    return `${money(amount - price)} above the current price ${money(price)}`;
  return null;
}

/** What quitting now would lose (a checkout waiting, a form half filled), or null. Local drafts are the caller's. */
export function quitLoses(s: AuctionState): string | null {
  const live = liveCheckout(s);
  if (live) {
    if (needsAnswer(live)) {
      const left = answerSecondsLeft(live, s.now);
      return `the checkout of ${live.item} waits for your details${left !== null ? ` (${minSec(left)} left)` : ''}`;
    }
    return `the checkout of ${live.item} waits for the server's outcome`;
  }
  const m = s.modal;
  if (m?.kind === 'bid' && m.edited && m.draft !== '') return `the bid on ${m.item} is typed but not sent`;
  if (m?.kind === 'list' && Object.values(m.draft).some((v) => v.trim() !== ''))
    return 'the listing form is half filled';
  if (m?.kind === 'negotiate') return `the server's price question for ${m.item} is not answered`;
  return null;
}

/** Whether `name` is the user (for the components). */
export function isMe(s: AuctionState, name: string | null): boolean {
  const me = myName(s);
  return me !== null && name !== null && same(name, me);
}
