// The one module that sends datagrams: replies and pushes. Everything it sends waits until the
// changes committed before it are durable (store.durableSeq), so no reply or push ever reveals a
// change that a crash could still lose — and nothing overtakes what was queued before it.
// It also keeps the reply cache of PROTOCOL.md §3 (duplicates answered without re-executing).
import { format } from '../shared/protocol/index.js';
import type { Push, Reply } from '../shared/protocol/messages.js';
import type { Addr } from './house.js';
import { addrKey } from './house.js';
import type { Logger } from './log.js';
import type { Store } from './store/store.js';

/** Sends one datagram; a push to many destinations passes the same encoded Buffer to each. */
export type Transport = (to: Addr, data: string | Buffer) => void;

interface Queued {
  seq: number;
  to: Addr;
  data: string | Buffer;
}

/** Replies remembered per (source address, request text), for at least `ttlMs` (two generations). */
export class ReplyCache {
  private current = new Map<string, string[]>();
  private previous = new Map<string, string[]>();
  private genStart: number;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.genStart = now();
  }

  private rotate(): void {
    if (this.now() - this.genStart < this.ttlMs) return;
    this.previous = this.current;
    this.current = new Map();
    this.genStart = this.now();
  }

  get(key: string): string[] | undefined {
    this.rotate();
    return this.current.get(key) ?? this.previous.get(key);
  }

  /** Start remembering replies to this request; the returned array fills as replies are sent. */
  open(key: string): string[] {
    this.rotate();
    const texts: string[] = [];
    this.current.set(key, texts);
    return texts;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export class Outbox {
  private queue: Queued[] = [];
  private head = 0;
  readonly cache: ReplyCache;
  sent = 0;

  constructor(
    private readonly store: Store,
    private readonly transport: Transport,
    private readonly log: Logger,
    now: () => number,
  ) {
    this.cache = new ReplyCache(120_000, now);
    store.onDurable((seq) => this.release(seq));
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

  /** `noise`: the reply goes to an unverified address (§3); it is logged as that noise category. */
  reply(to: Addr, msg: Reply, remember: string[] | null, noise?: string): void {
    const text = format(msg);
    remember?.push(text);
    // No reply carries a secret or a card number (§5), so its wire text is already safe to log.
    if (noise) this.log.noise(`${noise} reply`, 'reply', addrKey(to), text);
    else this.log.event('reply', addrKey(to), text);
    this.enqueue(to, text);
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

  /** Answer a duplicate request with the remembered replies (queued, so they keep their order). */
  resend(to: Addr, texts: string[]): void {
    for (const t of texts) this.enqueue(to, t);
  }

  get backlog(): number {
    return this.queue.length - this.head;
  }
}
