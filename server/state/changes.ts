// Every durable mutation of the server state is one of these records. A record is appended to the
// change log (fsync'd) before any reply that depends on it is sent, and `applyChange` is the only
// code that mutates the document — live and during replay at start.
import type { Cents, Role } from '../../shared/protocol/messages.js';
import { nameKey, type ArchiveRecord, type Closure, type DbDoc, type Transaction } from './model.js';

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
    }
  | { t: 'login'; name: string; ip: string; udpPort: number; tcpPort: number }
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
    }
  | { t: 'subscribe'; name: string; auctionId: string }
  | { t: 'unsubscribe'; name: string; auctionId: string }
  | { t: 'bid'; auctionId: string; bidder: string; cents: Cents; at: number; closesAt?: number }
  | { t: 'rq-lease'; ceiling: number }
  | { t: 'negotiate-asked'; auctionId: string; rq: string }
  | { t: 'negotiate-answered'; auctionId: string; accepted: boolean; newCents?: Cents }
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

/** §4: an address is bound to one name at a time; a new REGISTER/LOGIN from it unbinds the previous holder. */
function unbindAddress(doc: DbDoc, ip: string, udpPort: number): void {
  for (const a of Object.values(doc.accounts)) {
    if (a.ip === ip && a.udpPort === udpPort) {
      a.ip = null;
      a.udpPort = null;
      a.tcpPort = null;
    }
  }
}

/** Apply one change to the document, in place. Handlers validate before committing; this trusts them. */
export function applyChange(doc: DbDoc, c: Change): void {
  switch (c.t) {
    case 'register':
      unbindAddress(doc, c.ip, c.udpPort);
      doc.accounts[nameKey(c.name)] = {
        name: c.name,
        role: c.role,
        ...(c.secretHash ? { secretHash: c.secretHash } : {}),
        ip: c.ip,
        udpPort: c.udpPort,
        tcpPort: c.tcpPort,
        registeredAt: c.at,
      };
      return;
    case 'login': {
      const a = must(doc.accounts[nameKey(c.name)], `account ${c.name}`);
      unbindAddress(doc, c.ip, c.udpPort);
      a.ip = c.ip;
      a.udpPort = c.udpPort;
      a.tcpPort = c.tcpPort;
      return;
    }
    case 'deregister': {
      // The account record stays (its name remains taken and its history readable) but is unbound.
      const a = must(doc.accounts[nameKey(c.name)], `account ${c.name}`);
      a.deregistered = true;
      a.ip = null;
      a.udpPort = null;
      a.tcpPort = null;
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
      if (c.closesAt !== undefined) au.closesAt = c.closesAt;
      return;
    }
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
