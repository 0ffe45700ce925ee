// Every durable mutation of the server state is one of these records. A record is appended to the
// change log (fsync'd) before any reply that depends on it is sent, and `applyChange` is the only
// code that mutates the document — live and during replay at start.
import type { Cents, Role } from '../../shared/protocol/messages.js';
import { canonicalIp } from '../ip.js';
import { LIMITS, sourceKey } from '../limits.js';
import { nameKey, type Account, type ArchiveRecord, type Closure, type DbDoc, type Transaction } from './model.js';

export type Change =
  | {
      t: 'register';
      name: string;
      role: Role;
      secretHash?: string;
      ip: string;
      udpPort: number;
      tcpPort: number;
      at: number;
      /** Made with the address's WATCH cookie (Account.verified). */
      verified?: true;
    }
  | { t: 'login'; name: string; ip: string; udpPort: number; tcpPort: number; verified?: true }
  | { t: 'deregister'; name: string }
  | {
      t: 'list';
      id: string;
      item: string;
      seller: string;
      description: string;
      startCents: Cents;
      durationS: number;
      openedAt: number;
      closesAt: number;
      changeRq?: number;
    }
  | { t: 'subscribe'; name: string; auctionId: string }
  | { t: 'unsubscribe'; name: string; auctionId: string }
  /** A plain BID that leads at its amount (§5). */
  | { t: 'bid'; auctionId: string; bidder: string; cents: Cents; at: number; closesAt?: number; changeRq?: number }
  /**
   * Any other outcome of a bid contest (§5 Maximum bids, rules/proxy.ts): the bids it records, in order
   * (none when the leader raises its own maximum), and the leader's maximum after it — set, or left as
   * it was when absent (an answering maximum). One change, so a crash never splits a contest.
   */
  | {
      t: 'contest';
      auctionId: string;
      at: number;
      bids: Array<{ bidder: string; cents: Cents }>;
      max?: { bidder: string; cents: Cents };
      closesAt?: number;
      changeRq?: number;
    }
  | { t: 'rq-lease'; ceiling: number }
  /** Carries only a reply memo (store.ts ReplyMemo) whose change was already written: changes nothing. */
  | { t: 'memo' }
  | { t: 'negotiate-asked'; auctionId: string; rq: string }
  | { t: 'negotiate-answered'; auctionId: string; accepted: boolean; newCents?: Cents; changeRq?: number }
  | { t: 'close'; auctionId: string; at: number; closure: Closure }
  | {
      t: 'closure-answer';
      auctionId: string;
      party: 'buyer' | 'seller';
      last4: string;
      expiry: string;
      address: string;
    }
  | { t: 'closure-error'; auctionId: string; party: 'buyer' | 'seller'; error: string }
  | { t: 'closure-complete'; auctionId: string; transaction: Transaction }
  | { t: 'closure-cancel'; auctionId: string; reason: string }
  | { t: 'closure-delivered'; auctionId: string; party: 'buyer' | 'seller' }
  /** §8 History: the closure has ended; the auction, its bids, closure and transaction leave the live document. */
  | { t: 'archive'; auctionId: string; at: number };

export type ChangeType = Change['t'];

/** Thrown only for a change log that does not fit the document (a damaged file), never for user input. */
export class ReplayError extends Error {}

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new ReplayError(`${what} does not exist`);
  return v;
}

/**
 * "ip:port" → key of the account bound there, per document: built by one scan the first time a
 * document's bindings change (after a load), then kept in step by applyChange, so a REGISTER or LOGIN
 * costs O(1) whatever the number of accounts (a scan per binding was 10 ms at 20,000 accounts).
 */
const bindingIndexes = new WeakMap<DbDoc, Map<string, string>>();

function bindingIndex(doc: DbDoc): Map<string, string> {
  let m = bindingIndexes.get(doc);
  if (!m) {
    m = new Map();
    for (const [k, a] of Object.entries(doc.accounts)) if (a.ip && a.udpPort) m.set(`${a.ip}:${a.udpPort}`, k);
    bindingIndexes.set(doc, m);
  }
  return m;
}

/** The key of the account bound to this address in the document, if any (O(1)). */
export function accountKeyAt(doc: DbDoc, ip: string, udpPort: number): string | undefined {
  return bindingIndex(doc).get(`${ip}:${udpPort}`);
}

/** Every bound address of the document with its account key ("ip:port" → key). */
export function bindings(doc: DbDoc): ReadonlyMap<string, string> {
  return bindingIndex(doc);
}

function unbind(doc: DbDoc, key: string): void {
  const a = doc.accounts[key];
  if (!a) return;
  if (a.ip && a.udpPort) {
    const m = bindingIndex(doc);
    const at = `${a.ip}:${a.udpPort}`;
    if (m.get(at) === key) m.delete(at);
  }
  a.ip = null;
  a.udpPort = null;
  a.tcpPort = null;
  delete a.verified;
}

/**
 * The account registered or logged in from this address: its source goes last in Account.knownFrom,
 * the oldest out beyond the bound. From the change's own address, so a log written before the field
 * existed rebuilds it on replay; a db.json without it starts from the next LOGIN (and the binding).
 */
function knownFrom(a: Account, ip: string): void {
  const src = sourceKey(canonicalIp(ip));
  const list = (a.knownFrom ?? []).filter((k) => k !== src);
  list.push(src);
  a.knownFrom = list.slice(-LIMITS.knownPerName);
}

/** §4: an address is bound to one name at a time; a new REGISTER/LOGIN from it unbinds the previous holder. */
function bind(doc: DbDoc, key: string, rawIp: string, udpPort: number, tcpPort: number, verified?: true): void {
  // Canonical here too (ip.ts): a change written before 20.6 may hold the `::ffff:` form.
  const ip = canonicalIp(rawIp);
  const m = bindingIndex(doc);
  const at = `${ip}:${udpPort}`;
  const holder = m.get(at);
  if (holder !== undefined && holder !== key) unbind(doc, holder);
  const a = doc.accounts[key];
  if (a.ip && a.udpPort && (a.ip !== ip || a.udpPort !== udpPort)) unbind(doc, key);
  a.ip = ip;
  a.udpPort = udpPort;
  a.tcpPort = tcpPort;
  if (verified) a.verified = true;
  else delete a.verified;
  m.set(at, key);
}

/**
 * Whether a change alters an open auction's public state (§5 Catalog: listing, price, leader, bids,
 * close time): such a change carries the fresh server RQ# it took (`changeRq`), which the auction
 * keeps, so `CATALOG … Since_RQ` finds it whether or not any push was sent.
 */
export type PublicChange = Extract<Change, { t: 'list' | 'bid' | 'contest' | 'negotiate-answered' }>;
export function isPublicChange(c: Change): c is PublicChange {
  return (
    c.t === 'list' ||
    c.t === 'bid' ||
    // A contest that records bids or moves the close; a leader raising its own maximum shows nothing.
    (c.t === 'contest' && (c.bids.length > 0 || c.closesAt !== undefined)) ||
    (c.t === 'negotiate-answered' && c.accepted)
  );
}

/** Apply one change to the document, in place. Handlers validate before committing; this trusts them. */
export function applyChange(doc: DbDoc, c: Change): void {
  applyBody(doc, c);
  if ('changeRq' in c && c.changeRq !== undefined) {
    const au = doc.auctions[c.t === 'list' ? c.id : c.auctionId];
    if (au) au.changeRq = c.changeRq;
  }
}

function applyBody(doc: DbDoc, c: Change): void {
  switch (c.t) {
    case 'register': {
      const key = nameKey(c.name);
      doc.accounts[key] = {
        name: c.name,
        role: c.role,
        ...(c.secretHash ? { secretHash: c.secretHash } : {}),
        ip: null,
        udpPort: null,
        tcpPort: null,
        registeredAt: c.at,
      };
      bind(doc, key, c.ip, c.udpPort, c.tcpPort, c.verified);
      knownFrom(doc.accounts[key], c.ip);
      return;
    }
    case 'login': {
      const key = nameKey(c.name);
      knownFrom(must(doc.accounts[key], `account ${c.name}`), c.ip);
      bind(doc, key, c.ip, c.udpPort, c.tcpPort, c.verified);
      return;
    }
    case 'deregister': {
      // The account record stays (its name remains taken and its history readable) but is unbound.
      const key = nameKey(c.name);
      const a = must(doc.accounts[key], `account ${c.name}`);
      a.deregistered = true;
      unbind(doc, key);
      return;
    }
    case 'list':
      doc.auctions[c.id] = {
        id: c.id,
        item: c.item,
        seller: c.seller,
        description: c.description,
        startCents: c.startCents,
        priceCents: c.startCents,
        durationS: c.durationS,
        openedAt: c.openedAt,
        closesAt: c.closesAt,
        status: 'open',
        bids: [],
        subscribers: [],
        negotiation: 'none',
      };
      return;
    case 'subscribe': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      const k = nameKey(c.name);
      if (!au.subscribers.includes(k)) au.subscribers.push(k);
      return;
    }
    case 'unsubscribe': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      au.subscribers = au.subscribers.filter((s) => s !== nameKey(c.name));
      return;
    }
    case 'bid': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      au.bids.push({ bidder: c.bidder, cents: c.cents, at: c.at });
      // A plain bid leads: no maximum behind it. (Set to undefined rather than deleted, which keeps the
      // object's shape; JSON leaves it out either way.)
      if (au.maxBid) au.maxBid = undefined;
      if (c.closesAt !== undefined) au.closesAt = c.closesAt;
      return;
    }
    case 'contest': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      for (const b of c.bids) au.bids.push({ bidder: b.bidder, cents: b.cents, at: c.at });
      if (c.max) au.maxBid = { bidder: c.max.bidder, cents: c.max.cents, at: c.at };
      if (c.closesAt !== undefined) au.closesAt = c.closesAt;
      return;
    }
    case 'memo':
      return;
    case 'rq-lease':
      doc.rqCeiling = Math.max(doc.rqCeiling, c.ceiling);
      return;
    case 'negotiate-asked': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      au.negotiation = 'asked';
      au.negotiateRq = c.rq;
      return;
    }
    case 'negotiate-answered': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      au.negotiation = c.accepted ? 'accepted' : 'refused';
      if (c.accepted && c.newCents !== undefined) au.priceCents = c.newCents;
      return;
    }
    case 'close': {
      const au = must(doc.auctions[c.auctionId], `auction ${c.auctionId}`);
      au.status = 'closed';
      au.closedAt = c.at;
      au.winner = c.closure.buyer?.name ?? null;
      au.finalCents = c.closure.finalCents;
      doc.closures[c.auctionId] = structuredClone(c.closure);
      return;
    }
    case 'closure-answer': {
      const cl = must(doc.closures[c.auctionId], `closure ${c.auctionId}`);
      const p = must(c.party === 'buyer' ? (cl.buyer ?? undefined) : cl.seller, `closure party ${c.party}`);
      p.answer = { last4: c.last4, expiry: c.expiry, address: c.address };
      return;
    }
    case 'closure-error': {
      const cl = must(doc.closures[c.auctionId], `closure ${c.auctionId}`);
      const p = must(c.party === 'buyer' ? (cl.buyer ?? undefined) : cl.seller, `closure party ${c.party}`);
      p.lastError = c.error;
      return;
    }
    case 'closure-complete': {
      const cl = must(doc.closures[c.auctionId], `closure ${c.auctionId}`);
      cl.state = 'complete';
      cl.transactionId = c.transaction.id;
      doc.transactions.push(c.transaction);
      return;
    }
    case 'closure-cancel': {
      const cl = must(doc.closures[c.auctionId], `closure ${c.auctionId}`);
      cl.state = 'cancelled';
      cl.reason = c.reason;
      return;
    }
    case 'closure-delivered': {
      const cl = must(doc.closures[c.auctionId], `closure ${c.auctionId}`);
      const p = must(c.party === 'buyer' ? (cl.buyer ?? undefined) : cl.seller, `closure party ${c.party}`);
      p.delivered = true;
      return;
    }
    case 'archive': {
      const cl = doc.closures[c.auctionId];
      if (!doc.auctions[c.auctionId] && !cl) throw new ReplayError(`auction ${c.auctionId} does not exist`);
      delete doc.auctions[c.auctionId];
      if (cl?.transactionId) {
        const i = doc.transactions.findIndex((x) => x.id === cl.transactionId);
        if (i >= 0) doc.transactions.splice(i, 1);
      }
      // A party whose outcome was given up is told when it LOGINs again: that small record stays.
      if (cl && undelivered(cl)) cl.archived = true;
      else delete doc.closures[c.auctionId];
      return;
    }
    default: {
      const never: never = c;
      throw new ReplayError(`unknown change ${JSON.stringify(never)}`);
    }
  }
}

/** A party of this closure has not been given its outcome (the closure runner gave up on it). */
export function undelivered(c: Closure): boolean {
  return [c.buyer, c.seller].some((p) => p && !p.delivered);
}

/**
 * What an `archive` change moves out of `doc` (call before applying it), or null if the auction has
 * already gone (a stranded closure record leaving later). It shares the document's objects: encode it
 * before anything else changes.
 */
export function archiveRecord(doc: DbDoc, seq: number, c: Extract<Change, { t: 'archive' }>): ArchiveRecord | null {
  const auction = doc.auctions[c.auctionId];
  if (!auction) return null;
  const closure = doc.closures[c.auctionId] ?? null;
  const transaction = (closure?.transactionId && doc.transactions.find((x) => x.id === closure.transactionId)) || null;
  return { s: seq, at: c.at, auction, closure, transaction };
}
