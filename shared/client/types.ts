// The contract between the client core (shared/client, no React) and its users: the TUI, tests,
// bots and benchmarks. The core owns sockets, retransmission, re-login and resync; users see typed
// events and promise-returning actions.
import type {
  BidAccepted,
  Cents,
  Cancel,
  CatalogEnd,
  DeRegistered,
  DeSubscribed,
  Denial,
  InformReq,
  ItemListed,
  LoggedIn,
  MaxBidSet,
  NonOffer,
  PriceAdjustment,
  Push,
  PurchaseComplete,
  Refused,
  Registered,
  Reply,
  Request,
  Role,
  ShippingInfo,
  Sold,
  Subscribed,
  WatchChallenge,
  Watching,
  Winner,
} from '../protocol/messages.js';
import type { IncrementPolicy } from '../protocol/increments.js';
import type { KnownIncrements } from './increments.js';

export interface Identity {
  name: string;
  role: Role;
  secret: string;
}

/** A server's UDP address. */
export interface ServerAddress {
  host: string;
  port: number;
}

export interface ClientOptions {
  /**
   * The server's UDP address; or the servers of one house (PROTOCOL.md §9), in order: the client starts
   * on the first, and when the one it is on stops answering it moves to the next (round robin), logs in
   * again there, subscribes again, resyncs, and sends there again, with the same RQ# and text, the
   * requests that had no answer. A list of one is the same as the address alone.
   */
  server: ServerAddress | readonly ServerAddress[];
  /** Local address to bind UDP and TCP on (default 127.0.0.1); ports default to 0 (any free port). */
  bindHost?: string;
  udpPort?: number;
  tcpPort?: number;
  /** Log in as this account (registering it first if `register` is true); omit for a spectator. */
  identity?: Identity;
  /** Send WATCH (and renew it) so every public event arrives, account or not. Default: true when no identity. */
  watch?: boolean;
  /** Retransmission: first wait, doubled each try (PROTOCOL.md §3 suggests 500 ms × 5 tries). */
  retryInitialMs?: number;
  retryTries?: number;
  /** Period of the repairing CATALOG while online (default 15 s; 0: none). */
  catalogEveryMs?: number;
  /** Clock (ms since epoch), injectable for tests. */
  now?: () => number;
  /** With `identity`: when LOGIN is denied, REGISTER the account (with its secret) and LOGIN again. */
  register?: boolean;
  /** Period of the liveness probe (a one-shot CATALOG) while offline (default 2000 ms). */
  probeEveryMs?: number;
  /**
   * While online: when nothing has been heard from the server for this long, a probe (an empty CATALOG
   * page, sent twice, heartbeatMs / 2 then heartbeatMs apart) asks whether it is still there, so a dead
   * server shows as offline within 2.5 × heartbeatMs rather than after a request's retransmissions and
   * the repairing CATALOG's period (the TUI: 1000, offline within 2.5 s). Default 0: none.
   */
  heartbeatMs?: number;
  /**
   * Answer every INFORM_Req by itself with these details and identity.name (bots, benchmarks). Without it
   * the core waits for CheckoutSession.inform() from the user.
   */
  autoInform?: PaymentDetails;
  /**
   * The server's bid increments (`--increments`), when the user knows them (e.g. a TUI flag). Without it
   * the core assumes `cent` and learns the policy from BID_REJECTED reasons and the pushes (increments.ts).
   */
  increments?: IncrementPolicy;
  /**
   * First RQ# of this client's counter (default: random 9-digit, so a restarted client reusing its UDP port never
   * repeats a recent request text the server would answer from its replay cache).
   */
  firstRq?: number;
  /**
   * Items this account is subscribed to already (e.g. remembered by a UI from an earlier run): subscribed
   * again after a move to another server, like those subscribed through this client.
   */
  subscriptions?: readonly string[];
}

/** What the buyer/seller gives in INFORM_Res besides the account name. Never log `card`. */
export interface PaymentDetails {
  card: string;
  expiry: string;
  address: string;
}

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** One row of the catalog as the client knows it (from CATALOG_ITEM, §5 Catalog). */
export interface CatalogEntry {
  item: string;
  description: string;
  currentPrice: Cents;
  timeLeft: number;
  /** Set from CATALOG_ITEM by the client core (optional only for entries built by hand). */
  seller?: string;
  /** Bids recorded (§2 Bids) and the leader, null with no bid. */
  bids?: number;
  leader?: string | null;
}

/**
 * Outcome of a request: the server's reply, or a timeout after all retransmissions. A timeout carries
 * the RQ# it was sent with: the same request sent again with it is never executed twice (§3), which is
 * how a caller finds out what became of a request the server never answered.
 */
export type RequestOutcome<R extends Reply = Reply> =
  { ok: true; reply: R } | { ok: false; timeout: true; rq?: string };

/**
 * A request before the core stamps it: RQ# is assigned from the client's counter unless given (ACCEPT/REFUSE carry the
 * NEGOTIATE_REQ's).
 */
export type RequestDraft = DraftOf<Request>;
type DraftOf<R> = R extends Request ? Omit<R, 'rq'> & { rq?: string } : never;

/** The replies each request can get (PROTOCOL.md §5); `DENIED` (unknown command) is a Denial too. */
export interface ReplyByRequest {
  REGISTER: Registered | Denial;
  LOGIN: LoggedIn | Denial;
  'DE-REGISTER': DeRegistered | Denial;
  LIST_ITEM: ItemListed | Denial;
  SUBSCRIBE: Subscribed | Denial;
  'DE-SUBSCRIBE': DeSubscribed | Denial;
  BID: BidAccepted | Denial;
  MAX_BID: MaxBidSet | Denial;
  ACCEPT: PriceAdjustment | Denial;
  REFUSE: Refused | Denial;
  CATALOG: CatalogEnd | Denial;
  WATCH: WatchChallenge | Watching | Denial;
}

/**
 * A catalog sync's outcome: the last page's CATALOG_END (or the denial) and the whole listing as now
 * known; `full` when it was a complete listing rather than an incremental repair.
 */
export type CatalogOutcome =
  { ok: true; reply: CatalogEnd | Denial; entries: CatalogEntry[]; full: boolean } | { ok: false; timeout: true };

/** Result of ensureSession(): logged in (session null for a spectator), the server silent, or a denial. */
export type SessionOutcome =
  | { ok: true; session: { name: string; role: Role } | null }
  | { ok: false; timeout: true }
  | { ok: false; timeout: false; reason: string };

/**
 * A server-initiated TCP conversation (PROTOCOL.md §7). The core accepts the connection, decodes lines
 * and emits this once the first message (WINNER / SOLD / NON_OFFER) arrives; later messages arrive as
 * 'message' events on it. `inform()` sends INFORM_Res for the pending INFORM_Req.
 */
export interface CheckoutSession {
  readonly id: string;
  readonly opening: Winner | Sold | NonOffer;
  /** The INFORM_Req if it has arrived. */
  readonly informReq: InformReq | null;
  on(event: 'message', fn: (m: InformReq | PurchaseComplete | ShippingInfo | Cancel) => void): this;
  on(event: 'end', fn: (why: 'closed' | 'error') => void): this;
  /**
   * Waits for the INFORM_Req if it has not come yet, then writes INFORM_Res echoing its RQ#. Rejects, sending
   * nothing, on a card failing Luhn / a past or malformed expiry / a bad address (so a typo does not cancel
   * the sale), when this INFORM_Req was already answered, or when the connection ends first.
   */
  inform(details: { name: string; card: string; expiry: string; address: string }): Promise<void>;
  close(): void;
}

/** Typed events of AuctionClient (an EventEmitter). */
export interface ClientEvents {
  push: [Push];
  /** A complete catalog (after a full listing or a repair): the set of open auctions right now. */
  catalog: [CatalogEntry[]];
  /** While a full listing arrives page by page: auctions received so far of the server's Total. */
  'catalog-progress': [{ received: number; total: number }];
  connection: [{ state: ConnectionState; rttMs: number | null }];
  /** Logged in (again): after a server restart the core re-LOGINs and resyncs by itself. */
  session: [{ name: string; role: Role }];
  /**
   * The account's session moved away: a request was denied "Not registered" while we were logged in,
   * i.e. the account logged in from another address (§4: a new LOGIN moves the binding). The core stops
   * logging in by itself until takeSession().
   */
  sessionMoved: [{ name: string }];
  checkout: [CheckoutSession];
  /**
   * The client moved to another server of the house (a list in ClientOptions.server): `from` did not
   * answer. `answered`: whether `from` had answered since the client came to it (false while the client
   * goes round servers none of which answers). The re-LOGIN and resync there follow ('session', 'catalog').
   */
  server: [{ server: ServerAddress; from: ServerAddress; answered: boolean }];
  /** Something the user should know that is not a push: e.g. re-login denied. */
  notice: [string];
  /** The increment policy the core believes in force changed (or how it knows it did). */
  increments: [KnownIncrements];
}
