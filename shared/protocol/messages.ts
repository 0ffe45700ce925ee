// Typed form of every message in PROTOCOL.md (v1.1). Field names are camelCase versions of the
// protocol's; money is integer cents; RQ# is kept as the digit string it was sent as, so a reply
// echoes exactly what the client wrote ("007" stays "007").

export type Role = 'buyer' | 'seller';

/** Integer number of cents (PROTOCOL.md §2 Price/Amount). */
export type Cents = number;

// ---- §5 client → server requests (UDP) -------------------------------------------------------
export interface Register {
  type: 'REGISTER';
  rq: string;
  name: string;
  role: Role;
  ip: string;
  udpPort: number;
  tcpPort: number;
  secret?: string;
  /** The WATCH-CHALLENGE cookie of this address (§5 Address verification); only after a Secret. */
  cookie?: string;
}
export interface Login {
  type: 'LOGIN';
  rq: string;
  name: string;
  secret: string;
  ip: string;
  udpPort: number;
  tcpPort: number;
  /** The WATCH-CHALLENGE cookie of this address (§5 Address verification). */
  cookie?: string;
}
export interface DeRegister {
  type: 'DE-REGISTER';
  rq: string;
  name: string;
}
export interface ListItem {
  type: 'LIST_ITEM';
  rq: string;
  item: string;
  description: string;
  startPrice: Cents;
  duration: number;
}
export interface Subscribe {
  type: 'SUBSCRIBE';
  rq: string;
  item: string;
}
export interface DeSubscribe {
  type: 'DE-SUBSCRIBE';
  rq: string;
  item: string;
}
export interface Bid {
  type: 'BID';
  rq: string;
  item: string;
  amount: Cents;
}
/** §5 Maximum (proxy) bids (ext, v1.1): the most this buyer will pay; the server bids for it. */
export interface MaxBid {
  type: 'MAX_BID';
  rq: string;
  item: string;
  maxAmount: Cents;
}
export interface Accept {
  type: 'ACCEPT';
  rq: string;
  item: string;
  newPrice: Cents;
}
export interface Refuse {
  type: 'REFUSE';
  rq: string;
  item: string;
}
/**
 * §5 Catalog (v1.1): one page of open auctions in item-name order (case-insensitive), those after
 * `afterItem` (null or absent: from the first); with `sinceRq` > 0 only those whose public state changed
 * with a server RQ# above it. `afterItem` needs `sinceRq` before it on the wire (`CATALOG 7 0 lamp`).
 */
export interface Catalog {
  type: 'CATALOG';
  rq: string;
  sinceRq?: number;
  afterItem?: string | null;
}
export interface Watch {
  type: 'WATCH';
  rq: string;
  cookie?: string;
}

export type Request =
  Register | Login | DeRegister | ListItem | Subscribe | DeSubscribe | Bid | MaxBid | Accept | Refuse | Catalog | Watch;

// ---- §5 server → client replies (UDP) --------------------------------------------------------
export interface Registered {
  type: 'REGISTERED';
  rq: string;
}
export interface LoggedIn {
  type: 'LOGGED_IN';
  rq: string;
  role: Role;
}
export interface DeRegistered {
  type: 'DE-REGISTERED';
  rq: string;
}
export interface ItemListed {
  type: 'ITEM_LISTED';
  rq: string;
}
export interface Subscribed {
  type: 'SUBSCRIBED';
  rq: string;
}
export interface DeSubscribed {
  type: 'DE-SUBSCRIBED';
  rq: string;
}
export interface BidAccepted {
  type: 'BID_ACCEPTED';
  rq: string;
}
/** MAX_BID's success reply: the price and leader once the proxy has answered (never the maximum itself). */
export interface MaxBidSet {
  type: 'MAX_BID_SET';
  rq: string;
  item: string;
  price: Cents;
  leader: string;
}
export interface Refused {
  type: 'REFUSED';
  rq: string;
  item: string;
}
/**
 * The end of one CATALOG page: `count` CATALOG_ITEM lines in it, `total` open auctions now, the
 * After_Item of the next page (null after the last), and the server's RQ# counter when it was made.
 */
export interface CatalogEnd {
  type: 'CATALOG_END';
  rq: string;
  count: number;
  total: number;
  nextItem: string | null;
  watermark: number;
}
/** One row of a CATALOG page (RQ# of the request): an open auction's full public state; leader null with no bid. */
export interface CatalogItem {
  type: 'CATALOG_ITEM';
  rq: string;
  item: string;
  seller: string;
  currentPrice: Cents;
  bids: number;
  leader: string | null;
  timeLeft: number;
  description: string;
}
export interface WatchChallenge {
  type: 'WATCH-CHALLENGE';
  rq: string;
  cookie: string;
}
export interface Watching {
  type: 'WATCHING';
  rq: string;
  seconds: number;
}

/** Every denial has the same shape: `WORD RQ# Reason` (Reason is free text). */
export type DenialType =
  | 'REGISTER-DENIED'
  | 'LOGIN-DENIED'
  | 'DE-REGISTER-DENIED'
  | 'LIST-DENIED'
  | 'SUBSCRIPTION-DENIED'
  | 'DE-SUBSCRIBE-DENIED'
  | 'BID_REJECTED'
  | 'NEGOTIATE-DENIED'
  | 'WATCH-DENIED'
  | 'CATALOG-DENIED'
  | 'DENIED';
export interface Denial {
  type: DenialType;
  rq: string;
  reason: string;
}

// ---- §6 pushes (UDP); PRICE_ADJUSTMENT is also the success reply to ACCEPT --------------------
export interface AuctionAnnounce {
  type: 'AUCTION_ANNOUNCE';
  rq: string;
  item: string;
  description: string;
  currentPrice: Cents;
  timeLeft: number;
}
export interface BidUpdate {
  type: 'BID_UPDATE';
  rq: string;
  item: string;
  highestBid: Cents;
  bidder: string;
  timeLeft: number;
}
export interface NegotiateReq {
  type: 'NEGOTIATE_REQ';
  rq: string;
  item: string;
  currentPrice: Cents;
  timeLeft: number;
}
export interface PriceAdjustment {
  type: 'PRICE_ADJUSTMENT';
  rq: string;
  item: string;
  newPrice: Cents;
  timeLeft: number;
}
/** winner is null when nothing sold (`-` on the wire). */
export interface AuctionClosed {
  type: 'AUCTION_CLOSED';
  rq: string;
  item: string;
  finalPrice: Cents;
  winner: string | null;
}

export type Reply =
  | Registered
  | LoggedIn
  | DeRegistered
  | ItemListed
  | Subscribed
  | DeSubscribed
  | BidAccepted
  | MaxBidSet
  | Refused
  | CatalogEnd
  | CatalogItem
  | WatchChallenge
  | Watching
  | Denial
  | PriceAdjustment
  | AuctionAnnounce;
export type Push = AuctionAnnounce | BidUpdate | NegotiateReq | PriceAdjustment | AuctionClosed;

// ---- §7 closure and purchase (TCP, newline framed) -------------------------------------------
export interface Winner {
  type: 'WINNER';
  rq: string;
  item: string;
  finalPrice: Cents;
  seller: string;
}
export interface Sold {
  type: 'SOLD';
  rq: string;
  item: string;
  finalPrice: Cents;
  buyer: string;
}
export interface InformReq {
  type: 'INFORM_Req';
  rq: string;
  item: string;
  finalPrice: Cents;
}
/**
 * card is the full digit string: never log or store it (`redact` in card.ts; the server logs messages through
 * log.ts `safeText`). expiry is `MM/YY`.
 */
export interface InformRes {
  type: 'INFORM_Res';
  rq: string;
  name: string;
  card: string;
  expiry: string;
  address: string;
}
export interface PurchaseComplete {
  type: 'PURCHASE_COMPLETE';
  rq: string;
  item: string;
  finalPrice: Cents;
}
export interface ShippingInfo {
  type: 'Shipping_Info';
  rq: string;
  buyer: string;
  address: string;
}
export interface Cancel {
  type: 'CANCEL';
  rq: string;
  reason: string;
}
export interface NonOffer {
  type: 'NON_OFFER';
  rq: string;
  item: string;
}

export type TcpMessage = Winner | Sold | InformReq | InformRes | PurchaseComplete | ShippingInfo | Cancel | NonOffer;

export type Message = Request | Reply | Push | TcpMessage;
export type MessageType = Message['type'];

/** Which channel a message travels on; the parser takes it so a UDP datagram cannot carry TCP words. */
export type Channel = 'udp' | 'tcp';

/**
 * A message that could not be parsed. Never thrown: parse() returns it.
 * - `command`: the command word if it is a known one (so the server can pick that command's own denial)
 * - `rq`: the RQ# if one could be read, else '0' (PROTOCOL.md §3)
 * - `field`: the protocol's name of the offending field (`Start_Price`, `RQ#`, `command`, `message`)
 * - `reason`: why, in words a person can act on (`must be a positive amount with at most 2 decimals`)
 * - `message`: `${field} ${reason}`, ready to put in a denial
 */
export interface ParseError {
  command?: MessageType;
  rq: string;
  field: string;
  reason: string;
  message: string;
}

export type ParseResult<M extends Message = Message> = { ok: true; msg: M } | { ok: false; error: ParseError };

/** The denial word the server answers a malformed or refused request with (PROTOCOL.md §3, §5). */
export const DENIAL_FOR: Record<Request['type'], DenialType> = {
  REGISTER: 'REGISTER-DENIED',
  LOGIN: 'LOGIN-DENIED',
  'DE-REGISTER': 'DE-REGISTER-DENIED',
  LIST_ITEM: 'LIST-DENIED',
  SUBSCRIBE: 'SUBSCRIPTION-DENIED',
  'DE-SUBSCRIBE': 'DE-SUBSCRIBE-DENIED',
  BID: 'BID_REJECTED',
  MAX_BID: 'BID_REJECTED',
  ACCEPT: 'NEGOTIATE-DENIED',
  REFUSE: 'NEGOTIATE-DENIED',
  CATALOG: 'CATALOG-DENIED',
  WATCH: 'WATCH-DENIED',
};

export const REQUEST_TYPES = Object.keys(DENIAL_FOR) as Request['type'][];

/** Wire limits (PROTOCOL.md §1, §2). */
export const LIMITS = {
  udpDatagramBytes: 1400,
  tcpLineBytes: 4096,
  freeTextChars: 200,
  maxCents: 1_000_000_000 * 100,
  maxDurationS: 2_592_000,
} as const;
