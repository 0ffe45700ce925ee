// The auction table: which auctions it shows (the view, the filter, closed rows lingering), in what
// order, and the selected row. Memoized, patched row by row between frames (10,000 rows at 20 frames a
// second). The filter's meaning is the filter widget's (widgets/filter/selectors.ts).
import { filterMatches, filterParts } from '../widgets/filter/selectors.js';
import type { SortKey, TableView } from '../widgets/market/actions.js';
import { myName, same } from './helpers.js';
import type { Auction, AuctionState } from './model.js';
import { CLOSED_LINGER_MS } from './model.js';

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
