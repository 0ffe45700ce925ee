// The terminal's whole state as a pure reducer over protocol events and key presses. No React, no
// sockets, no Date.now(): the clock is the reducer's third argument, so countdowns are derived from
// close times (closesAt = receivedAt + Time_Left s) and never decremented by hand.
import type { CatalogEntry, ConnectionState } from '../../shared/client/types.js';
import { formatMoney } from '../../shared/protocol/index.js';
import type { Cents, NegotiateReq, NonOffer, Push, Role, Sold, Winner } from '../../shared/protocol/index.js';
import { durationWords, money } from '../format.js';
import { minimumBid, selectedAuction, visibleAuctions } from './selectors.js';
import type { ListingAction, ListingModal } from './listing.js';
import { isListingAction, reduceListing } from './listing.js';
import type { NegotiationAction, NegotiationModal, NegotiationState } from './negotiation.js';
import { afterNegotiation, INITIAL_NEGOTIATION, isNegotiationAction, reduceNegotiation } from './negotiation.js';
import type { ResultsAction, ResultsState } from './results.js';
import { afterResults, INITIAL_RESULTS, isResultsAction, reduceResults } from './results.js';
import type { CheckoutAction, CheckoutState } from './checkout.js';
import { afterCheckout, initialCheckout, isCheckoutAction } from './checkout.js';

// ---- model ---------------------------------------------------------------------------------------

export type PricePointKind = 'listed' | 'seen' | 'bid' | 'adjusted';
export interface PricePoint {
  at: number;
  price: Cents;
  bidder: string | null;
  kind: PricePointKind;
}

export interface AuctionClosure {
  at: number;
  finalPrice: Cents;
  winner: string | null;
  known: boolean;
}

export interface Auction {
  /** The item name as the server spells it. */
  item: string;
  /** Lowercase name: item names are unique case-insensitively (PROTOCOL.md §2). */
  key: string;
  description: string;
  /** Known only for our own listings (seller mode). */
  seller: string | null;
  /** The asking price when we first saw the auction; `fromListing` says whether that was its opening price. */
  startPrice: Cents;
  fromListing: boolean;
  currentPrice: Cents;
  /** Null: no bid seen, or a bid we only learned of from a catalog (bidder unknown). */
  highBidder: string | null;
  /** Bids seen since this terminal started watching (the protocol carries no bid count). */
  bidCount: number;
  /**
   * Whether we know if it has bids: yes when we saw it listed, or saw a bid or a price adjustment;
   * no for an auction first seen in a CATALOG / AUCTION_ANNOUNCE, which carry no bid information.
   */
  bidsKnown: boolean;
  /** Server time of closing, in local clock ms: receivedAt + Time_Left * 1000. */
  closesAt: number;
  history: PricePoint[];
  /** Our highest accepted bid on it, if any. */
  myBid: Cents | null;
  /** When the price last moved, for the brief row highlight; direction of the move. */
  changedAt: number | null;
  change: 'up' | 'down' | 'new' | null;
  closed: AuctionClosure | null;
}

export type Tone = 'info' | 'good' | 'warn' | 'bad' | 'muted';
export interface LogEntry {
  id: number;
  at: number;
  tone: Tone;
  text: string;
  item?: string;
}

export type Account =
  | { kind: 'spectator' }
  /** No account yet and none given: the register form is showing. */
  | { kind: 'unregistered'; pending: boolean; error: string | null }
  /** `error`: why the last LOGIN failed (wrong secret, name taken by someone else), until one succeeds. */
  | { kind: 'account'; name: string; role: Role; loggedIn: boolean; error: string | null };

export interface Connection {
  state: ConnectionState;
  rttMs: number | null;
  /** Whether the server has answered at least once since launch (decides "how to start a server" vs "retrying"). */
  everOnline: boolean;
  since: number;
}

export interface BidModal {
  kind: 'bid';
  item: string;
  draft: string;
  /** Until the user edits the amount, it follows the minimum next bid as bids land. */
  edited: boolean;
  pending: boolean;
  error: string | null;
}

/**
 * What covers the main area (or takes the keyboard); the layout's modal slot renders it. The checkout
 * pane is not one: it is the checkout slice's (checkout.ts), shown when no modal is open.
 */
export type Modal = { kind: 'help' } | { kind: 'filter'; draft: string } | BidModal | ListingModal | NegotiationModal;

export interface StatusLine {
  at: number;
  tone: Tone;
  text: string;
}

export interface AuctionState {
  /** The clock as of the last action (ms since epoch). */
  now: number;
  server: string;
  account: Account;
  connection: Connection;
  /** Open (and just-closed) auctions by key. */
  auctions: Record<string, Auction>;
  /** Keys of the items we subscribed to (kept across launches by the profile). */
  subscriptions: string[];
  /** Key of the selected auction; may point at a filtered-out row (selectors fall back to the first visible). */
  selected: string | null;
  filter: string;
  modal: Modal | null;
  status: StatusLine | null;
  log: LogEntry[];
  nextLogId: number;
  /** NEGOTIATE_REQs waiting for the seller's answer, by item key (seam for the seller issue). */
  negotiations: Record<string, NegotiateReq>;
  /** Subscribe/unsubscribe requests in flight, by item key. */
  subscribing: string[];
  /** Seller mode: price questions answered or put aside, and their close times (negotiation.ts). */
  negotiation: NegotiationState;
  /** Recent results of closed auctions (results.ts). */
  results: ResultsState;
  /** The checkout pane's conversations (checkout.ts). */
  checkout: CheckoutState;
}

// ---- actions -------------------------------------------------------------------------------------

export type Outcome = { ok: true } | { ok: false; reason: string };

export type Action =
  // from the network (client core events)
  | { type: 'push'; msg: Push }
  | { type: 'catalog'; entries: CatalogEntry[] }
  | { type: 'connection'; state: ConnectionState; rttMs: number | null }
  | { type: 'session'; name: string; role: Role }
  /** The server opened a checkout conversation (client 'checkout' event), or one ended. */
  | { type: 'checkoutOpened'; id: string; opening: Winner | Sold | NonOffer }
  | { type: 'checkoutEnded'; id: string }
  /** The startup LOGIN (or REGISTER+LOGIN) was denied. */
  | { type: 'loginFailed'; reason: string }
  | { type: 'notice'; text: string }
  // from the clock
  | { type: 'tick' }
  // from the keyboard
  /** Moves the selection among the visible rows; ±Infinity jumps to the ends. */
  | { type: 'select'; delta: number }
  | { type: 'selectItem'; item: string }
  | { type: 'helpToggle' }
  | { type: 'modalClose' }
  | { type: 'filterOpen' }
  | { type: 'filterDraft'; text: string }
  | { type: 'filterApply' }
  | { type: 'filterClear' }
  | { type: 'bidOpen'; item: string; draft: string }
  | { type: 'bidDraft'; text: string }
  /** The amount typed was refused before sending (not a valid amount, below the minimum). */
  | { type: 'bidError'; reason: string }
  // request lifecycles (commands.ts dispatches these around the client's promises)
  | { type: 'bidSent'; item: string; amount: Cents }
  | { type: 'bidResult'; item: string; amount: Cents; me: string; outcome: Outcome }
  | { type: 'subscribeSent'; item: string; subscribe: boolean }
  | { type: 'subscribeResult'; item: string; subscribe: boolean; outcome: Outcome }
  | { type: 'registerSent'; name: string; role: Role }
  | { type: 'registerResult'; name: string; role: Role; outcome: Outcome }
  | { type: 'status'; tone: Tone; text: string }
  // seller mode and results (slices: listing.ts, negotiation.ts, results.ts)
  | ListingAction
  | NegotiationAction
  | ResultsAction
  | CheckoutAction;

export type ActionType = Action['type'];

// ---- tuning --------------------------------------------------------------------------------------

export const LOG_LIMIT = 200;
export const HISTORY_LIMIT = 60;
/** How long a row stays highlighted after its price moves. */
export const HIGHLIGHT_MS = 1500;
/** How long a closed auction stays in the table (marked closed) before it is dropped. */
export const CLOSED_LINGER_MS = 8000;

// ---- construction --------------------------------------------------------------------------------

export interface InitialStateOptions {
  now: number;
  server: string;
  account: Account;
  subscriptions?: string[];
}

export function initialState({ now, server, account, subscriptions = [] }: InitialStateOptions): AuctionState {
  return {
    now,
    server,
    account,
    connection: { state: 'connecting', rttMs: null, everOnline: false, since: now },
    auctions: {},
    subscriptions: subscriptions.map((s) => s.toLowerCase()),
    selected: null,
    filter: '',
    modal: null,
    status: null,
    log: [],
    nextLogId: 1,
    negotiations: {},
    subscribing: [],
    negotiation: INITIAL_NEGOTIATION,
    results: INITIAL_RESULTS,
    checkout: initialCheckout(),
  };
}

// ---- reducer -------------------------------------------------------------------------------------

export function reducer(state: AuctionState, action: Action, now: number): AuctionState {
  const next = afterResults(state, reduce(state, action, now), action, now);
  return followMinimum(afterCheckout(afterNegotiation(next, action, now), action, now));
}

/** An untouched bid prompt keeps showing the current minimum next bid. */
function followMinimum(s: AuctionState): AuctionState {
  const m = s.modal;
  if (m?.kind !== 'bid' || m.pending) return s;
  const a = s.auctions[m.item.toLowerCase()];
  // A bid prompt the auction outlived closes by itself (its close is in the log already).
  if (!a || a.closed)
    return { ...s, modal: null, status: { at: s.now, tone: 'muted', text: `${m.item} has closed: bidding is over` } };
  if (m.edited) return s;
  const draft = formatMoney(minimumBid(a));
  return draft === m.draft ? s : { ...s, modal: { ...m, draft } };
}

function reduce(state: AuctionState, action: Action, now: number): AuctionState {
  const s = state.now === now ? state : { ...state, now };
  if (isListingAction(action)) return reduceListing(s, action, now);
  if (isNegotiationAction(action)) return reduceNegotiation(s, action, now);
  if (isResultsAction(action)) return reduceResults(s, action);
  if (isCheckoutAction(action)) return s; // checkout.ts, in afterCheckout()
  switch (action.type) {
    case 'push':
      return onPush(s, action.msg, now);
    case 'catalog':
      return onCatalog(s, action.entries, now);
    case 'connection':
      return onConnection(s, action.state, action.rttMs, now);
    case 'session':
      return onSession(s, action.name, action.role, now);
    case 'notice':
      return log(s, now, 'warn', action.text);
    // The conversation itself is tracked by the checkout slice (checkout.ts, in afterCheckout()); here only its log line.
    case 'checkoutOpened': {
      const o = action.opening;
      // AUCTION_CLOSED already logged "closed without a bid"; the NON_OFFER pane says the rest.
      if (o.type === 'NON_OFFER') return s;
      if (o.type === 'WINNER') {
        return statusAndLog(
          s,
          now,
          'good',
          `You won ${o.item} at ${money(o.finalPrice)} from ${o.seller}: the server asks for payment details`,
          o.item,
        );
      }
      return statusAndLog(
        s,
        now,
        'good',
        `Sold ${o.item} to ${o.buyer} at ${money(o.finalPrice)}: the server asks for your details`,
        o.item,
      );
    }
    case 'checkoutEnded':
      return s; // checkout.ts
    case 'loginFailed':
      if (s.account.kind !== 'account') return s;
      // The core retries by itself; the same refusal again is not news.
      if (!s.account.loggedIn && s.account.error === action.reason) return s;
      return statusAndLog(
        { ...s, account: { ...s.account, loggedIn: false, error: action.reason } },
        now,
        'bad',
        `Login as ${s.account.name} denied: ${action.reason}`,
      );
    case 'tick':
      return prune(s, now);

    case 'select': {
      const list = visibleAuctions(s).map((a) => a.key);
      if (list.length === 0) return s;
      const shown = selectedAuction(s);
      const from = shown ? list.indexOf(shown.key) : 0;
      const next = list[clamp(from + action.delta, 0, list.length - 1)];
      return next === s.selected ? s : { ...s, selected: next };
    }
    case 'selectItem':
      return { ...s, selected: action.item.toLowerCase() };
    case 'helpToggle':
      return { ...s, modal: s.modal?.kind === 'help' ? null : { kind: 'help' } };
    case 'modalClose':
      if (s.modal?.kind === 'filter') return { ...s, modal: null, filter: '' };
      return s.modal ? { ...s, modal: null } : s;
    case 'filterOpen':
      return { ...s, modal: { kind: 'filter', draft: s.filter } };
    case 'filterDraft':
      return s.modal?.kind === 'filter'
        ? { ...s, modal: { kind: 'filter', draft: action.text }, filter: action.text }
        : s;
    case 'filterApply':
      return s.modal?.kind === 'filter' ? { ...s, modal: null, filter: s.modal.draft.trim() } : s;
    case 'filterClear':
      return s.filter === '' ? s : { ...s, filter: '' };
    case 'bidError':
      return s.modal?.kind === 'bid' ? { ...s, modal: { ...s.modal, pending: false, error: action.reason } } : s;
    case 'bidOpen':
      return {
        ...s,
        modal: { kind: 'bid', item: action.item, draft: action.draft, edited: false, pending: false, error: null },
      };
    case 'bidDraft':
      return s.modal?.kind === 'bid' && s.modal.draft !== action.text
        ? { ...s, modal: { ...s.modal, draft: action.text, edited: true, error: null } }
        : s;

    case 'bidSent': {
      const modal =
        s.modal?.kind === 'bid' && same(s.modal.item, action.item)
          ? { ...s.modal, pending: true, error: null }
          : s.modal;
      return {
        ...s,
        modal,
        status: { at: now, tone: 'muted', text: `Sending bid ${money(action.amount)} on ${action.item}…` },
      };
    }
    case 'bidResult':
      return onBidResult(s, action, now);

    case 'subscribeSent':
      return { ...s, subscribing: addKey(s.subscribing, action.item) };
    case 'subscribeResult': {
      const key = action.item.toLowerCase();
      const base = { ...s, subscribing: s.subscribing.filter((k) => k !== key) };
      if (!action.outcome.ok) {
        const what = action.subscribe ? 'Subscribe to' : 'Unsubscribe from';
        return statusAndLog(base, now, 'bad', `${what} ${action.item} failed: ${action.outcome.reason}`, action.item);
      }
      const subscriptions = action.subscribe
        ? addKey(base.subscriptions, key)
        : base.subscriptions.filter((k) => k !== key);
      const text = action.subscribe ? `Subscribed to ${action.item}` : `Unsubscribed from ${action.item}`;
      return statusAndLog({ ...base, subscriptions }, now, 'good', text, action.item);
    }

    case 'registerSent':
      return s.account.kind === 'unregistered'
        ? { ...s, account: { kind: 'unregistered', pending: true, error: null } }
        : s;
    case 'registerResult':
      if (s.account.kind !== 'unregistered') return s;
      if (!action.outcome.ok)
        return { ...s, account: { kind: 'unregistered', pending: false, error: action.outcome.reason } };
      return log(
        { ...s, account: { kind: 'account', name: action.name, role: action.role, loggedIn: false, error: null } },
        now,
        'good',
        `Registered ${action.name} as a ${action.role}`,
      );

    case 'status':
      return { ...s, status: { at: now, tone: action.tone, text: action.text } };
  }
}

// ---- network events ------------------------------------------------------------------------------

function onPush(s: AuctionState, msg: Push, now: number): AuctionState {
  const key = msg.item.toLowerCase();
  const existing = s.auctions[key];
  switch (msg.type) {
    case 'AUCTION_ANNOUNCE': {
      const closesAt = now + msg.timeLeft * 1000;
      if (!existing || existing.closed) {
        const auction = newAuction(msg.item, msg.description, msg.currentPrice, closesAt, now, true);
        const next = putAuction(s, auction);
        return log(
          next,
          now,
          'info',
          `New listing: ${msg.item} at ${money(msg.currentPrice)}, closes in ${durationWords(msg.timeLeft)}`,
          msg.item,
        );
      }
      return putAuction(s, reconcile(existing, msg.description, msg.currentPrice, closesAt, now));
    }
    case 'BID_UPDATE': {
      const closesAt = now + msg.timeLeft * 1000;
      const base =
        existing && !existing.closed ? existing : newAuction(msg.item, '', msg.highestBid, closesAt, now, false);
      const sameBid =
        base.currentPrice === msg.highestBid && base.highBidder !== null && same(base.highBidder, msg.bidder);
      // A reordered datagram older than what we hold: keep the higher bid, take nothing else from it.
      if (!sameBid && base.bidCount > 0 && msg.highestBid <= base.currentPrice)
        return existing ? s : putAuction(s, base);
      if (sameBid) return putAuction(s, { ...base, closesAt: refineCloseTime(base.closesAt, closesAt) });
      const me = myName(s);
      const wasMine = base.highBidder !== null && me !== null && same(base.highBidder, me);
      const isMine = me !== null && same(msg.bidder, me);
      const auction: Auction = {
        ...base,
        currentPrice: msg.highestBid,
        highBidder: msg.bidder,
        bidCount: base.bidCount + 1,
        bidsKnown: true,
        closesAt: refineCloseTime(base.closesAt, closesAt),
        myBid: isMine ? Math.max(base.myBid ?? 0, msg.highestBid) : base.myBid,
        history: pushHistory(base.history, { at: now, price: msg.highestBid, bidder: msg.bidder, kind: 'bid' }),
        changedAt: now,
        change: 'up',
      };
      const next = putAuction(s, auction);
      if (isMine) return log(next, now, 'good', `You lead ${msg.item} at ${money(msg.highestBid)}`, msg.item);
      if (wasMine || auction.myBid !== null) {
        return log(next, now, 'bad', `Outbid on ${msg.item}: ${msg.bidder} bid ${money(msg.highestBid)}`, msg.item);
      }
      if (base.seller !== null && me !== null && same(base.seller, me)) {
        return log(next, now, 'good', `Bid on your ${msg.item}: ${money(msg.highestBid)} by ${msg.bidder}`, msg.item);
      }
      return log(next, now, 'info', `${msg.item} ${money(msg.highestBid)} bid by ${msg.bidder}`, msg.item);
    }
    case 'PRICE_ADJUSTMENT': {
      const closesAt = now + msg.timeLeft * 1000;
      const base =
        existing && !existing.closed ? existing : newAuction(msg.item, '', msg.newPrice, closesAt, now, false);
      const { [key]: _answered, ...negotiations } = s.negotiations;
      if (base.currentPrice === msg.newPrice && existing) {
        return { ...putAuction(s, { ...base, closesAt: refineCloseTime(base.closesAt, closesAt) }), negotiations };
      }
      const auction: Auction = {
        ...base,
        bidsKnown: true, // the server lowers a price only while there is no bid
        currentPrice: msg.newPrice,
        closesAt: refineCloseTime(base.closesAt, closesAt),
        history: pushHistory(base.history, { at: now, price: msg.newPrice, bidder: null, kind: 'adjusted' }),
        changedAt: now,
        change: msg.newPrice < base.currentPrice ? 'down' : 'up',
      };
      return log(
        { ...putAuction(s, auction), negotiations },
        now,
        'warn',
        `Price of ${msg.item} lowered to ${money(msg.newPrice)}`,
        msg.item,
      );
    }
    case 'AUCTION_CLOSED': {
      const { [key]: _gone, ...negotiations } = s.negotiations;
      const base = { ...s, negotiations };
      if (!existing || existing.closed) {
        return log(base, now, 'muted', closedText(msg.item, msg.finalPrice, msg.winner, myName(s)), msg.item);
      }
      const closed: AuctionClosure = { at: now, finalPrice: msg.finalPrice, winner: msg.winner, known: true };
      const auction: Auction = {
        ...existing,
        closed,
        closesAt: Math.min(existing.closesAt, now),
        changedAt: now,
        change: null,
      };
      const me = myName(s);
      const tone: Tone = msg.winner && me && same(msg.winner, me) ? 'good' : existing.myBid !== null ? 'bad' : 'muted';
      return log(putAuction(base, auction), now, tone, closedText(msg.item, msg.finalPrice, msg.winner, me), msg.item);
    }
    case 'NEGOTIATE_REQ': {
      const already = s.negotiations[key];
      const next = { ...s, negotiations: { ...s.negotiations, [key]: msg } };
      if (already && already.rq === msg.rq) return next;
      return log(
        next,
        now,
        'warn',
        `No bids on ${msg.item} at half time: the server asks whether to lower its price (${money(msg.currentPrice)})`,
        msg.item,
      );
    }
  }
}

/** A complete CATALOG is the set of open auctions right now: add, refresh, and close what is gone. */
function onCatalog(s: AuctionState, entries: CatalogEntry[], now: number): AuctionState {
  const auctions: Record<string, Auction> = {};
  let added = 0;
  for (const e of entries) {
    const key = e.item.toLowerCase();
    const existing = s.auctions[key];
    const closesAt = now + e.timeLeft * 1000;
    if (existing && !existing.closed) {
      auctions[key] = reconcile(existing, e.description, e.currentPrice, closesAt, now);
    } else {
      auctions[key] = newAuction(e.item, e.description, e.currentPrice, closesAt, now, false);
      added++;
    }
  }
  let missed = 0;
  for (const [key, a] of Object.entries(s.auctions)) {
    if (auctions[key]) continue;
    if (a.closed) {
      auctions[key] = a;
    } else {
      // Closed while we were not looking (lost push, or we were offline): the result is unknown here.
      auctions[key] = {
        ...a,
        closed: { at: now, finalPrice: a.currentPrice, winner: null, known: false },
        closesAt: Math.min(a.closesAt, now),
      };
      missed++;
    }
  }
  let next: AuctionState = { ...s, auctions };
  const first = Object.values(s.auctions).length === 0;
  if (first && entries.length > 0)
    next = log(next, now, 'muted', `Catalog: ${entries.length} open auction${entries.length === 1 ? '' : 's'}`);
  else if (added > 0 || missed > 0) {
    next = log(next, now, 'muted', `Resynced with the server: ${added} new, ${missed} no longer open`);
  }
  return next;
}

/** Catalog or repeated AUCTION_ANNOUNCE for an auction we know: take the server's price and close time. */
function reconcile(a: Auction, description: string, price: Cents, closesAt: number, now: number): Auction {
  let next: Auction = {
    ...a,
    description: description || a.description,
    closesAt: refineCloseTime(a.closesAt, closesAt),
  };
  if (price !== a.currentPrice) {
    const rose = price > a.currentPrice;
    next = {
      ...next,
      currentPrice: price,
      // A higher price we did not see bid on means bids we missed: bidder unknown.
      highBidder: rose ? null : a.highBidder,
      bidCount: rose ? a.bidCount + 1 : a.bidCount,
      history: pushHistory(a.history, { at: now, price, bidder: null, kind: rose ? 'bid' : 'adjusted' }),
      changedAt: now,
      change: rose ? 'up' : 'down',
    };
  }
  return next;
}

function onConnection(s: AuctionState, state: ConnectionState, rttMs: number | null, now: number): AuctionState {
  const was = s.connection;
  const connection: Connection = {
    state,
    rttMs: rttMs ?? was.rttMs,
    everOnline: was.everOnline || state === 'online',
    since: state === was.state ? was.since : now,
  };
  let next: AuctionState = { ...s, connection };
  if (state === 'offline' && was.state !== 'offline') {
    next = log(next, now, 'bad', `Server ${s.server} does not answer; retrying`);
    if (s.account.kind === 'account') next = { ...next, account: { ...s.account, loggedIn: false } };
  }
  if (state === 'online' && was.state === 'offline' && was.everOnline)
    next = log(next, now, 'good', `Server ${s.server} is back`);
  return next;
}

function onSession(s: AuctionState, name: string, role: Role, now: number): AuctionState {
  const a = s.account;
  const again = a.kind === 'account' && same(a.name, name) && a.role === role;
  const next: AuctionState = { ...s, account: { kind: 'account', name, role, loggedIn: true, error: null } };
  if (again && a.kind === 'account' && a.loggedIn) return next;
  return log(next, now, 'good', `Logged in as ${name} (${role})`);
}

function onBidResult(s: AuctionState, a: Extract<Action, { type: 'bidResult' }>, now: number): AuctionState {
  const key = a.item.toLowerCase();
  const modalForItem = s.modal?.kind === 'bid' && same(s.modal.item, a.item) ? s.modal : null;
  if (!a.outcome.ok) {
    const reason = a.outcome.reason;
    const modal = modalForItem ? { ...modalForItem, pending: false, error: reason } : s.modal;
    let next: AuctionState = { ...s, modal };
    // AUCTION_ANNOUNCE and CATALOG do not say whether an auction has bids, so an auction first seen
    // there may already have one. When the server says so, count it: the minimum becomes price + 0.01.
    const known = s.auctions[key];
    if (
      known &&
      !known.closed &&
      known.bidCount === 0 &&
      a.amount <= known.currentPrice &&
      /highest bid/i.test(reason)
    ) {
      next = putAuction(next, { ...known, bidCount: 1, bidsKnown: true });
    }
    return statusAndLog(next, now, 'bad', `Bid ${money(a.amount)} on ${a.item} rejected: ${reason}`, a.item);
  }
  const modal = modalForItem ? null : s.modal;
  let next: AuctionState = { ...s, modal };
  const existing = s.auctions[key];
  if (existing && !existing.closed) {
    // An accepted bid is the highest bid at once (PROTOCOL.md §5); the BID_UPDATE may come before or after.
    const myBid = Math.max(existing.myBid ?? 0, a.amount);
    const alreadyShown =
      existing.currentPrice === a.amount && existing.highBidder !== null && same(existing.highBidder, a.me);
    const overtaken = existing.bidCount > 0 && existing.currentPrice > a.amount;
    const auction: Auction =
      alreadyShown || overtaken
        ? { ...existing, myBid, bidsKnown: true }
        : {
            ...existing,
            myBid,
            bidsKnown: true,
            currentPrice: a.amount,
            highBidder: a.me,
            bidCount: existing.bidCount + 1,
            history: pushHistory(existing.history, { at: now, price: a.amount, bidder: a.me, kind: 'bid' }),
            changedAt: now,
            change: 'up',
          };
    next = putAuction(next, auction);
  }
  return statusAndLog(next, now, 'good', `Bid ${money(a.amount)} on ${a.item} accepted: you lead`, a.item);
}

/** Clock tick: drop closed auctions that have lingered long enough. */
function prune(s: AuctionState, now: number): AuctionState {
  let auctions: Record<string, Auction> | null = null;
  for (const [key, a] of Object.entries(s.auctions)) {
    if (a.closed && now - a.closed.at >= CLOSED_LINGER_MS) {
      auctions ??= { ...s.auctions };
      delete auctions[key];
    }
  }
  return auctions ? { ...s, auctions } : s;
}

// ---- helpers -------------------------------------------------------------------------------------

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

export function putAuction(s: AuctionState, a: Auction): AuctionState {
  return { ...s, auctions: { ...s.auctions, [a.key]: a } };
}

function pushHistory(history: PricePoint[], p: PricePoint): PricePoint[] {
  const next = history.length >= HISTORY_LIMIT ? history.slice(history.length - HISTORY_LIMIT + 1) : history.slice();
  next.push(p);
  return next;
}

export function log(s: AuctionState, now: number, tone: Tone, text: string, item?: string): AuctionState {
  const entry: LogEntry = { id: s.nextLogId, at: now, tone, text, ...(item ? { item } : {}) };
  const logEntries = s.log.length >= LOG_LIMIT ? [entry, ...s.log.slice(0, LOG_LIMIT - 1)] : [entry, ...s.log];
  return { ...s, log: logEntries, nextLogId: s.nextLogId + 1 };
}

export function statusAndLog(s: AuctionState, now: number, tone: Tone, text: string, item?: string): AuctionState {
  return log({ ...s, status: { at: now, tone, text } }, now, tone, text, item);
}

function closedText(item: string, price: Cents, winner: string | null, me: string | null): string {
  if (!winner) return `${item} closed without a bid`;
  if (me && same(winner, me)) return `You won ${item} at ${money(price)}: checkout follows`;
  return `${item} sold to ${winner} at ${money(price)}`;
}

export function myName(s: AuctionState): string | null {
  return s.account.kind === 'account' ? s.account.name : null;
}

export function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function addKey(list: string[], item: string): string[] {
  const key = item.toLowerCase();
  return list.includes(key) ? list : [...list, key];
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}
