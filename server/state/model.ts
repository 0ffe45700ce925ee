// The server's whole durable state: the lowdb document (db.json) plus in-memory indexes rebuilt
// from it. Every mutation is a `Change` (changes.ts) applied by one pure function, both live and
// when the change log is replayed at start, so the two can never disagree.
import type { Cents, Role } from '../../shared/protocol/messages.js';

export interface Account {
  name: string;
  role: Role;
  /** `scrypt$salt$hash` (hex); absent for course clients that registered without a secret. */
  secretHash?: string;
  /** Current binding (PROTOCOL.md §4); null after DE-REGISTER. */
  ip: string | null;
  udpPort: number | null;
  tcpPort: number | null;
  /**
   * The binding was made with the WATCH cookie of its address (§5 Address verification), so the
   * address is known to be the client's: under `--addresses verified` the server connects out (§7)
   * only to such a binding (issue 20.12). Absent for one made without a cookie or before v1.2.
   */
  verified?: true;
  /**
   * The sources (limits.ts sourceKey: the IPv4 address, an IPv6 /64) it registered or logged in from,
   * the most recent last, at most LIMITS.knownPerName: failed LOGINs from elsewhere never hold it back
   * there (issue 20.2). Kept on disk so a restart does not forget them; absent in a db before v1.3.
   */
  knownFrom?: string[];
  registeredAt: number;
  deregistered?: boolean;
}

export interface StoredBid {
  bidder: string;
  cents: Cents;
  at: number;
}

export type NegotiationState = 'none' | 'asked' | 'accepted' | 'refused';

export interface Auction {
  id: string;
  item: string;
  seller: string;
  description: string;
  startCents: Cents;
  /** Asking price: the start price, or the negotiated one (PRICE_ADJUSTMENT). */
  priceCents: Cents;
  durationS: number;
  openedAt: number;
  closesAt: number;
  status: 'open' | 'closed';
  bids: StoredBid[];
  /**
   * §5 Maximum bids: the leader's maximum, when its lead comes from a MAX_BID (absent when the leading
   * bid is a plain one). Durable like bids (§8); never shown to anyone but its bidder.
   */
  maxBid?: { bidder: string; cents: Cents; at: number };
  /** Subscriber account names (lowercase keys). */
  subscribers: string[];
  negotiation: NegotiationState;
  /** RQ# of the NEGOTIATE_REQ, once asked (the seller answers with it). */
  negotiateRq?: string;
  /**
   * Server RQ# of the last change of its public state — listing, price, leader, bids, close time —
   * whether or not a push told anyone (§5 Catalog: what `CATALOG … Since_RQ` filters on). Absent in
   * data files from before v1.1: such an auction counts as changed at the server's RQ# ceiling.
   */
  changeRq?: number;
  closedAt?: number;
  /** Account name of the winner, or null when nothing sold. */
  winner?: string | null;
  finalCents?: Cents;
}

export type PartyRole = 'buyer' | 'seller';

/** What the server knows of one party of a closure (§7). Never the card number: last four only. */
export interface ClosureParty {
  name: string;
  /** The validated INFORM_Res, once received. */
  answer?: { last4: string; expiry: string; address: string };
  /** The final message (PURCHASE_COMPLETE / Shipping_Info / CANCEL / NON_OFFER) was written to this party. */
  delivered?: boolean;
  /** Last failure to reach this party, for the record. */
  lastError?: string;
}

export interface Closure {
  auctionId: string;
  item: string;
  finalCents: Cents;
  /** RQ# of WINNER / SOLD / INFORM_Req / NON_OFFER for this closure (stable across retries and restarts). */
  rq: string;
  startedAt: number;
  /** The sale is cancelled if not complete by then (--inform-timeout). */
  deadline: number;
  buyer: ClosureParty | null;
  seller: ClosureParty;
  state: 'pending' | 'complete' | 'cancelled' | 'unsold';
  reason?: string;
  transactionId?: string;
  /**
   * The auction has moved to the archive (§8 History) while a party's outcome is still undelivered
   * (given up): only this small record stays live, so the party is told when it next LOGINs.
   */
  archived?: boolean;
}

export interface Transaction {
  id: string;
  auctionId: string;
  item: string;
  buyer: string;
  seller: string;
  chargedCents: Cents;
  creditedCents: Cents;
  commissionCents: Cents;
  buyerCardLast4: string;
  sellerCardLast4: string;
  at: number;
}

/** The lowdb document. `seq` is the last change-log sequence number included in this snapshot. */
export interface DbDoc {
  format: 'terminal-auction/1';
  seq: number;
  /** Server RQ#s below this may have been used; a restart continues from here (§2 "never goes backwards"). */
  rqCeiling: number;
  accounts: Record<string, Account>;
  auctions: Record<string, Auction>;
  closures: Record<string, Closure>;
  transactions: Transaction[];
}

/**
 * One line of the history archive (server/store/archive.ts): an auction whose closure has ended, with
 * its bids, closure and transaction, as it left the live document. `s` is the sequence number of the
 * `archive` change that moved it (the archive and the change log agree on it after a crash).
 */
export interface ArchiveRecord {
  s: number;
  /** When it was archived (ms); the archive file is chosen by this month. */
  at: number;
  auction: Auction;
  closure: Closure | null;
  transaction: Transaction | null;
}

export function emptyDoc(): DbDoc {
  return {
    format: 'terminal-auction/1',
    seq: 0,
    rqCeiling: 0,
    accounts: record(),
    auctions: record(),
    closures: record(),
    transactions: [],
  };
}

/**
 * A record keyed by names people choose, without Object.prototype behind it: `accounts['constructor']`
 * or `accounts['__proto__']` is then an account like any other, or undefined, never an inherited
 * function or the prototype itself (an account named `__proto__` is a valid Name, §2).
 */
export function record<T>(entries?: Record<string, T>): Record<string, T> {
  const r = Object.create(null) as Record<string, T>;
  // Own keys only (JSON.parse makes "__proto__" an own key); plain assignment on a null-prototype
  // object creates an own property for every key, "__proto__" included.
  if (entries) for (const k of Object.keys(entries)) r[k] = entries[k];
  return r;
}

/** A document read from disk (JSON.parse: plain objects) with its name-keyed records made null-prototype. */
export function normalizeDoc(doc: DbDoc): DbDoc {
  doc.accounts = record(doc.accounts);
  doc.auctions = record(doc.auctions);
  doc.closures = record(doc.closures);
  return doc;
}

/** Case-insensitive key for account and item names (§2). */
export const nameKey = (name: string): string => name.toLowerCase();
