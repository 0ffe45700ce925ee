// The one module that sends datagrams: replies and pushes. Everything it sends waits until the
// changes committed before it are durable (store.durableSeq), so no reply or push ever reveals a
// change that a crash could still lose — and nothing overtakes what was queued before it.
// It also keeps the reply cache of PROTOCOL.md §3 (duplicates answered without re-executing).
import * as crypto from 'node:crypto';
import { DENIAL_FOR, format } from '../shared/protocol/index.js';
import type { Push, Reply } from '../shared/protocol/messages.js';
import type { Addr } from './house.js';
import { addrKey } from './house.js';
import type { Logger } from './log.js';
import type { BidMemoSink } from './store/log-line.js';
import type { MemoSink, Store } from './store/store.js';
import { Remembered, ReplyCache } from './reply-cache.js';

export { Remembered, ReplyCache };

/**
 * §3 The reply cache's key for one request: a digest of (source address, datagram), never the text
 * itself. A REGISTER or LOGIN carries a Secret, and the key goes to disk with the reply memo
 * (store.remember): the digest keeps every secret off the disk (§2: only a salted hash is stored).
 * The first 22 base64url characters of SHA-256 (132 bits): a collision between two live requests is
 * out of reach, even for someone trying. The account the request was made as is kept beside the key
 * (Remembered.account, and after a space in the memo on disk: names are not secret).
 */
export function memoKey(peer: string, datagram: Buffer): string {
  const input = Buffer.concat([Buffer.from(`${peer}\0`, 'latin1'), datagram]);
  return sha256(input).slice(0, 22);
}

// crypto.hash (one call, no Hash object: 4x faster per datagram) came in Node 20.12; the same digest
// from createHash before it, so keys on disk match whichever version wrote them.
const sha256: (b: Buffer) => string =
  typeof crypto.hash === 'function' // a namespace import: a missing export is undefined, not a link error
    ? (b) => crypto.hash('sha256', b, 'base64url')
    : (b) => crypto.createHash('sha256').update(b).digest('base64url');

/**
 * A memo's key on disk: memoKey, then the account after a space. Older versions keyed memos by the
 * datagram's text (secrets included): those never match and are not restored.
 */
const MEMO_KEY = /^([A-Za-z0-9_-]{22})(?: ([A-Za-z0-9_.-]{1,32}))?$/;
const memoOnDisk = (e: Remembered): string => (e.account ? `${e.key} ${e.account}` : e.key);

/** Sends one datagram; a push to many destinations passes the same encoded Buffer to each. */
export type Transport = (to: Addr, data: string | Buffer) => void;

interface Queued {
  seq: number;
  to: Addr;
  data: string | Buffer;
}

/** A request from an unverified address, not (yet) remembered: see Outbox.later. */
export interface Later {
  later: true;
  key: string;
  account: string;
  sinceSeq: number;
}

/** §3: the most a datagram to an unverified address may hold. */
export const UNVERIFIED_MAX_BYTES = 128;

/** IPv4 + UDP headers: what every datagram costs on the wire beyond its payload. */
const WIRE_OVERHEAD = 28;

/**
 * §3: the most a reply to an unverified address may hold for a request of `requestBytes`: 128 bytes,
 * and at most 3× the request on the wire, headers counted ((reply + 28) ≤ 3 · (request + 28)), as
 * QUIC allows before an address is validated (RFC 9000 §8.1). Issue 20.10: a bare `LOGIN` got 112 B.
 */
export function unverifiedBudget(requestBytes: number): number {
  return Math.min(UNVERIFIED_MAX_BYTES, 3 * (requestBytes + WIRE_OVERHEAD) - WIRE_OVERHEAD);
}

/** The reply as it may go to an unverified address: a denial's reason cut to fit, or null if it cannot fit. */
export function fitUnverified(msg: Reply, text: string, max = UNVERIFIED_MAX_BYTES): string | null {
  if (Buffer.byteLength(text) <= max) return text;
  if (!('reason' in msg)) return null;
  const room = max - Buffer.byteLength(`${msg.type} ${msg.rq} `) - Buffer.byteLength('…');
  if (room < 1) return null;
  let reason = '';
  for (const ch of msg.reason) {
    if (Buffer.byteLength(reason + ch) > room) break;
    reason += ch;
  }
  const cut = format({ ...msg, reason: `${reason.trimEnd()}…` });
  return Buffer.byteLength(cut) <= max ? cut : null;
}

/** A denial changed nothing (handlers validate before they commit), so it need not survive a restart. */
const DENIALS: ReadonlySet<string> = new Set([...Object.values(DENIAL_FOR), 'DENIED']);

/** §3: replies are remembered for at least this long. */
export const REPLY_TTL_MS = 120_000;
export const REPLY_CACHE_DEFAULT_MB = 128;
/** The share of the cap for unverified sources, whose requests nobody vouches for (at most 8 MB). */
const UNVERIFIED_SHARE = 1 / 16;
const UNVERIFIED_CACHE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The reply cache in two parts: requests from verified addresses, and from unverified ones (§3: the
 * memory those can cost is bounded in total), so a flood of forged sources only cycles its own small
 * part and never pushes out the replies honest clients may still retry. Made before the outbox when
 * the store puts its recovered memos straight into it while it reads its log (server.ts).
 */
export class ReplyCaches {
  readonly cache: ReplyCache;
  readonly unverifiedCache: ReplyCache;
  /** Replies put back from the store's memos (`restore`). */
  restored = 0;

  constructor(now: () => number, replyCacheBytes = REPLY_CACHE_DEFAULT_MB * 1024 * 1024) {
    const unverified = Math.min(UNVERIFIED_CACHE_MAX_BYTES, Math.floor(replyCacheBytes * UNVERIFIED_SHARE));
    this.cache = new ReplyCache(REPLY_TTL_MS, replyCacheBytes - unverified, now);
    this.unverifiedCache = new ReplyCache(REPLY_TTL_MS, unverified, now);
  }

  /**
   * A MemoSink: one reply the store recovered from its change records (§3: they survive a crash), put
   * back. Memos of an older version, keyed by the request's text (secrets included), can never match
   * a memoKey: they are not kept in memory (their segments age out of the log as ever, within 120 s).
   */
  readonly restore: MemoSink = (key, at, texts) => {
    const k = MEMO_KEY.exec(key);
    if (!k) return;
    const e = this.cache.open(k[1], at, k[2] ?? '');
    for (const t of texts) e.push(t);
    this.restored++;
  };

  /** The same for a BID's memo as bytes (LogStoreOptions.onRecoveredBidMemo): no string per memo. */
  readonly restoreBid: BidMemoSink = (b, digestAt, bidderAt, bidderLen, rqAt, rqLen, at) => {
    // The account as MEMO_KEY takes it (a memo whose key it refuses is not restored).
    if (bidderLen > 32) return;
    for (let i = bidderAt; i < bidderAt + bidderLen; i++) if (!ACCOUNT_BYTE[b[i]]) return;
    this.cache.restore(b, digestAt, 22, bidderAt, bidderLen, at, BID_ACCEPTED, rqAt, rqLen);
    this.restored++;
  };
}

const BID_ACCEPTED = Buffer.from('BID_ACCEPTED ');
/** The bytes of MEMO_KEY's account: [A-Za-z0-9_.-]. */
const ACCOUNT_BYTE = new Uint8Array(256).map((_, c) => Number(/[A-Za-z0-9_.-]/.test(String.fromCharCode(c))));

export class Outbox {
  private queue: Queued[] = [];
  private head = 0;
  /** The two parts of the reply cache (see ReplyCaches). */
  readonly cache: ReplyCache;
  readonly unverifiedCache: ReplyCache;
  sent = 0;

  constructor(
    private readonly store: Store,
    private readonly transport: Transport,
    private readonly log: Logger,
    now: () => number,
    replies: ReplyCaches = new ReplyCaches(now),
  ) {
    this.cache = replies.cache;
    this.unverifiedCache = replies.unverifiedCache;
    store.onDurable((seq) => this.release(seq));
  }

  /**
   * The replies remembered for this request (memoKey) made as `account`, if any (issue 20.1). A reply
   * remembered for another account is not this request's: a second account bound to the same address
   * within the window runs its own requests. From an address no account is bound to now (`account`
   * '': the binding moved on since), the retry is answered as ever (Outbox.resend: one short reply).
   */
  remembered(key: string, account: string): Remembered | undefined {
    const e = this.cache.get(key) ?? this.unverifiedCache.get(key);
    return e && (e.account === account || account === '') ? e : undefined;
  }

  /** Start remembering the replies to a request from a verified address. */
  remember(key: string, account: string): Remembered {
    this.unverifiedCache.forget(key); // a key is in one part at most
    const e = this.cache.open(key, undefined, account);
    e.sinceSeq = this.store.lastSeq;
    return e;
  }

  /** A request left unanswered (dropped): its retry runs again rather than getting no reply from memory. */
  forget(key: string): void {
    this.cache.forget(key);
    this.unverifiedCache.forget(key);
  }

  /** A request from an unverified address: remembered (in the small part of the cache) only if it changes state. */
  later(key: string, account: string): Later {
    return { later: true, key, account, sinceSeq: this.store.lastSeq };
  }

  /** Queue one datagram behind every change committed so far. */
  private enqueue(to: Addr, data: string | Buffer): void {
    const seq = this.store.lastSeq;
    if (seq <= this.store.durableSeq && this.head === this.queue.length) {
      this.transmit(to, data);
      return;
    }
    this.queue.push({ seq, to, data });
  }

  private release(durable: number): void {
    const q = this.queue;
    while (this.head < q.length && q[this.head].seq <= durable) {
      const m = q[this.head++];
      this.transmit(m.to, m.data);
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
    }
  }

  private transmit(to: Addr, data: string | Buffer): void {
    this.sent++;
    this.transport(to, data);
  }

  /**
   * `noise`: the reply goes to an unverified address (§3), and is logged as that noise category. Such an
   * address gets at most one datagram per datagram it sent, of at most 128 bytes, so a forged source
   * address can never be used to multiply traffic: a denial's reason is cut to fit, a second reply to
   * the same request is dropped. `requestBytes`: the request's size, which bounds the reply's further
   * (unverifiedBudget: never more than 3× the request on the wire).
   */
  reply(to: Addr, msg: Reply, entry: Remembered | Later | null, noise?: string, requestBytes = Infinity): void {
    let text = format(msg);
    if (noise) {
      const fitted = fitUnverified(msg, text, unverifiedBudget(requestBytes));
      if (fitted === null) return this.dropped(to, msg, noise);
      text = fitted;
    }
    let remember = entry instanceof Remembered ? entry : null;
    if (entry && !remember && this.store.lastSeq > entry.sinceSeq && !DENIALS.has(msg.type)) {
      this.cache.forget(entry.key);
      remember = this.unverifiedCache.open(entry.key, undefined, entry.account);
      remember.sinceSeq = entry.sinceSeq;
    }
    if (remember) {
      const n = remember.push(text);
      // §3: the reply to a request that changed state goes to disk with its change (before it is queued,
      // so it is never sent before its memo is durable): a retry after a crash gets this same reply.
      if (n === 1 && this.store.lastSeq > remember.sinceSeq && !DENIALS.has(msg.type))
        this.store.remember({ key: memoOnDisk(remember), at: remember.at, texts: [text] });
    }
    // No reply carries a secret or a card number (§5), so its wire text is already safe to log.
    if (noise) this.log.noise(`${noise} reply`, 'reply', addrKey(to), text);
    else this.log.event(msg.type === 'CATALOG_ITEM' ? 'row' : 'reply', addrKey(to), text);
    this.enqueue(to, text);
  }

  /** A reply an unverified address may not have (a second one, or one too large to fit): logged, not sent. */
  dropped(to: Addr, msg: Reply, noise: string): void {
    this.log.noise(
      `${noise} dropped`,
      'warn',
      addrKey(to),
      `not sent (one small datagram per datagram): ${format(msg)}`,
    );
  }

  /** Send one push to each destination (already de-duplicated by the caller). */
  push(to: Iterable<Addr>, msg: Push, peerLabel = 'fan-out'): number {
    const text = format(msg);
    // Encoded once, sent to every destination (a BID_UPDATE goes to a dozen or more addresses).
    const data = Buffer.from(text, 'utf8');
    let n = 0;
    for (const a of to) {
      this.enqueue(a, data);
      n++;
    }
    if (n > 0) this.log.event('push', `${peerLabel}×${n}`, text); // pushes carry no secret (§6)
    return n;
  }

  /**
   * Answer a duplicate request with the remembered replies (queued, so they keep their order). To an
   * address that is unverified now (its binding moved on since) only the first, fitted: a replayed
   * CATALOG must not make it a reflector.
   */
  resend(to: Addr, r: Remembered, unverified = false, requestBytes = Infinity): void {
    if (unverified) {
      const first = r.first;
      if (first !== undefined && Buffer.byteLength(first) <= unverifiedBudget(requestBytes)) this.enqueue(to, first);
      return;
    }
    for (const t of r.texts) this.enqueue(to, t);
  }

  get backlog(): number {
    return this.queue.length - this.head;
  }
}
