// The terminal's state and everything that can happen to it, as types: the model every slice, selector
// and component reads. Types and a few constants only — no logic. An auction is auction.ts's (the
// auction map's element type: the map imports it from there, not from here, so no module imports this
// one back; helpers ← selectors ← slices ← reducer sit above it).
import type { CatalogEntry, ConnectionState } from '../../shared/client/types.js';
import type { AuctionMap } from './auction-map.js';
import type { Cents, NonOffer, Push, Role, Sold, Winner } from '../../shared/protocol/index.js';
import type { IncrementPolicy } from '../../shared/protocol/increments.js';
import type { WidgetAction, WidgetModal, WidgetSlices } from '../widgets/types.js';

export type { Auction, AuctionClosure, PricePoint, PricePointKind } from './auction.js';
export type { ServerAnswer } from './answer.js';
import type { ServerAnswer } from './answer.js';

// ---- session -------------------------------------------------------------------------------------

export type Account =
  | { kind: 'spectator' }
  /** No account yet and none given: the register form is showing. */
  | { kind: 'unregistered'; pending: boolean; error: string | null }
  /**
   * `error`: why the last LOGIN failed (wrong secret, name taken by someone else), until one succeeds.
   * `moved`: the account logged in from another terminal; no automatic LOGIN until the user takes it back.
   */
  | { kind: 'account'; name: string; role: Role; loggedIn: boolean; error: string | null; moved?: boolean };

export interface Connection {
  state: ConnectionState;
  rttMs: number | null;
  /** Whether the server has answered at least once since launch (decides "how to start a server" vs "retrying"). */
  everOnline: boolean;
  since: number;
}

// ---- the event log and the status line ------------------------------------------------------------

export type Tone = 'info' | 'good' | 'warn' | 'bad' | 'muted';
export interface LogEntry {
  id: number;
  at: number;
  tone: Tone;
  text: string;
  item?: string;
}

export interface StatusLine {
  at: number;
  tone: Tone;
  text: string;
}

/**
 * What a slice reducer has to say besides its own state: a line for the event log, the status line, or
 * both (`where`, default the log). The root reducer owns the log and the status line and applies notes
 * in order, so no slice needs to know how the log is kept.
 */
export interface Note {
  tone: Tone;
  text: string;
  item?: string;
  where?: 'log' | 'status' | 'both';
  /** Worth a terminal bell (outbid, a last minute, a checkout opening), unless bells are off. */
  bell?: boolean;
}

/** Every slice reducer returns its new slice (the same object when nothing changed) and its notes. */
export interface SliceResult<T> {
  slice: T;
  notes: Note[];
}

// ---- prompts (the modal slot) ---------------------------------------------------------------------

/**
 * What covers the main area (or takes the keyboard); the layout's modal slot renders it. The checkout
 * pane is not one: it is the checkout slice's, shown when no modal is open. The widgets of
 * tui/widgets/ bring their own kinds (widgets/types.ts).
 */
export type Modal = WidgetModal;

// ---- settings, views, quitting ------------------------------------------------------------------------

/** The server's bid increments as far as the client core knows (PROTOCOL.md §5: no message says it). */
export interface Increments {
  policy: IncrementPolicy;
  source: 'option' | 'learned' | 'observed' | 'assumed';
}

export interface Settings {
  /** Ask before sending a bid of at least this many times the current price (--confirm-ratio). */
  confirmRatio: number;
  /** …or at least this much above it, in cents (--confirm-above). */
  confirmAboveCents: Cents;
  /** False with --no-confirm. */
  confirm: boolean;
  /** Ring the terminal bell on alerts (false with --no-bell). */
  bell: boolean;
}

// ---- the whole state -------------------------------------------------------------------------------

/** The state: the fields below, and beside them each widget's slices (widgets/types.ts: the filter …). */
export interface AuctionState extends WidgetSlices {
  /** The clock as of the last action (ms since epoch). */
  now: number;
  /** The server the client is on (HOST:PORT): one of `servers`, the next when it stops answering. */
  server: string;
  /** The servers given (--server A,B: the servers of one house, PROTOCOL.md §9); usually one. */
  servers: string[];
  account: Account;
  connection: Connection;
  /** Open (and just-closed) auctions by key (a persistent map: see auction-map.ts). */
  auctions: AuctionMap;
  /** A full catalog under way (page by page): how much of it has arrived; null when none is. */
  catalogLoading: { received: number; total: number } | null;
  /** Keys of the items we subscribed to (kept across launches by the profile). */
  subscriptions: string[];
  modal: Modal | null;
  settings: Settings;
  /** Terminal bells asked for so far (main.tsx rings one when this grows). */
  bells: number;
  increments: Increments;
  status: StatusLine | null;
  log: LogEntry[];
  nextLogId: number;
  /** Subscribe/unsubscribe requests in flight, by item key. */
  subscribing: string[];
}

// ---- actions -------------------------------------------------------------------------------------

export type Action =
  // from the network (client core events)
  | { type: 'push'; msg: Push }
  | { type: 'catalog'; entries: CatalogEntry[] }
  /** A full catalog listing arriving page by page: auctions received so far of the server's Total. */
  | { type: 'catalogProgress'; received: number; total: number }
  | { type: 'connection'; state: ConnectionState; rttMs: number | null }
  /** The client core moved to the next server of the house: `from` did not answer (had it answered since we came?). */
  | { type: 'serverMoved'; server: string; from: string; answered: boolean }
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
  /** Esc on a prompt: close whichever is open. */
  | { type: 'modalClose' }
  /** Startup: confirmation thresholds, bells. */
  | { type: 'settings'; settings: Partial<Settings> }
  /** The client core: this account logged in from another terminal (LOGIN moved the binding away). */
  | { type: 'sessionMoved'; name: string }
  /** `L`: taking the session back (LOGIN from here). */
  | { type: 'sessionTakeBack' }
  // request lifecycles (commands.ts dispatches these around the client's promises)
  | { type: 'bidSent'; item: string; amount: Cents }
  /** `late`: the answer to a bid first left unanswered, found out by sending it again with its RQ#. */
  | { type: 'bidResult'; item: string; amount: Cents; me: string; outcome: ServerAnswer; late?: boolean }
  /** A bid left unanswered, asked again until the server's memory of it ran out, and never answered. */
  | { type: 'bidGivenUp'; item: string }
  | { type: 'maxBidSent'; item: string; amount: Cents }
  /** MAX_BID's answer: on success the price and leader once the proxy has answered (MAX_BID_SET). */
  | {
      type: 'maxBidResult';
      item: string;
      amount: Cents;
      me: string;
      outcome: ServerAnswer;
      price?: Cents;
      leader?: string;
      late?: boolean;
    }
  /** The increment policy the client core knows, and how it knows it (shared/client/increments.ts). */
  | { type: 'increments'; increments: Increments }
  | { type: 'subscribeSent'; item: string; subscribe: boolean }
  | { type: 'subscribeResult'; item: string; subscribe: boolean; outcome: ServerAnswer }
  | { type: 'registerSent'; name: string; role: Role }
  | { type: 'registerResult'; name: string; role: Role; outcome: ServerAnswer }
  | { type: 'status'; tone: Tone; text: string }
  // the widgets of tui/widgets/ (widgets/types.ts: the quit question, help, the bid prompt, the filter …)
  | WidgetAction;

export type ActionType = Action['type'];

// ---- tuning --------------------------------------------------------------------------------------

export const LOG_LIMIT = 200;
export const HISTORY_LIMIT = 60;
/** How long a row stays highlighted after its price moves. */
export const HIGHLIGHT_MS = 1500;
/** How long a closed auction stays in the table (marked closed) before it is dropped. */
export const CLOSED_LINGER_MS = 8000;
/**
 * A price question that pops up ignores keys this long (store clock), so a keystroke meant for another form never
 * answers it.
 */
export const NEGOTIATION_ARM_MS = 600;
/** A price question stays answerable this long past its estimated close (Time_Left is rounded up). */
export const NEGOTIATION_GRACE_MS = 1500;
/** Closed auctions we bid on or won stay this many (for the "my bids" and "my wins" views) after lingering. */
export const KEPT_CLOSED = 100;
/** A watched or leading auction's last minute is announced this many seconds before it closes. */
export const LAST_MINUTE_S = 60;

export const DEFAULT_SETTINGS: Settings = { confirmRatio: 3, confirmAboveCents: 100_000, confirm: true, bell: true };
