// WATCH (PROTOCOL.md §5, ext): anyone may watch every public event. The cookie is stateless — an
// HMAC of the source address and a minute bucket under a key made at start — so only an address that
// can receive our datagrams can complete the handshake, and a forged source gets no stream of pushes.
//
// Issue 20.4: one IP took all 1,000 slots in 0.4 s. Watches are capped per source (an IPv4 address, an
// IPv6 /64) wherever the abuse limits apply (`--limits`), and the live watchers are kept as one list,
// rebuilt only when a watcher comes or goes, so a push costs its datagrams, not a walk over the table.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Addr } from './house.js';
import { addrKey } from './house.js';
import { isLoopback, sourceKey, type LimitScope } from './limits.js';

const BUCKET_MS = 60_000;
/** Live watches one source may hold where the limits apply (a NAT with a few dozen terminals still fits). */
export const WATCHES_PER_SOURCE = 32;

export const TOO_MANY_WATCHERS = 'Too many watchers; try again later';
export const TOO_MANY_FROM_SOURCE = 'Too many watchers from this address; try again later';

interface Watch {
  addr: Addr;
  until: number;
  source: string;
}

export class Watchers {
  private watching = new Map<string, Watch>();
  private perSource = new Map<string, number>();
  /** No watch ends before this (a lower bound: renewals only move ends later). */
  private nextEnd = Infinity;
  /** The live watchers as [addrKey, Addr], rebuilt when one comes or goes (null: to rebuild). */
  private listed: Array<[string, Addr]> | null = [];
  /** Bumped whenever the set of watchers changes (caches of audiences compare it). */
  version = 0;

  constructor(
    private readonly seconds: number,
    private readonly max: number,
    private readonly now: () => number,
    private readonly scope: LimitScope = 'off',
    /** The cookie key: made at start, or the house's (§9: every server of a house accepts the same cookie). */
    private readonly key: Buffer = randomBytes(32),
  ) {}

  cookieFor(a: Addr, bucket = Math.floor(this.now() / BUCKET_MS)): string {
    return createHmac('sha256', this.key)
      .update(`${addrKey(a)}|${bucket}`)
      .digest('base64url')
      .slice(0, 22);
  }

  /** Valid for the bucket it was issued in and the next one; compared in constant time. */
  cookieValid(a: Addr, cookie: string): boolean {
    const b = Math.floor(this.now() / BUCKET_MS);
    const got = Buffer.from(cookie);
    const same = (c: string): boolean => {
      const want = Buffer.from(c);
      return got.length === want.length && timingSafeEqual(got, want);
    };
    // both compared, whatever the first gave, so the time says nothing about which bucket matched
    const current = same(this.cookieFor(a, b));
    const previous = same(this.cookieFor(a, b - 1));
    return current || previous;
  }

  private capFor(ip: string): number {
    const applies = this.scope === 'all' || (this.scope === 'remote' && !isLoopback(ip));
    return applies ? WATCHES_PER_SOURCE : Infinity;
  }

  /** Start or renew a watch; a reason if the server, or this source's share of it, is full. */
  watch(a: Addr): string | null {
    const k = addrKey(a);
    const until = this.now() + this.seconds * 1000;
    const w = this.watching.get(k);
    if (w && w.until > this.now()) {
      w.until = until;
      return null;
    }
    this.prune();
    const source = sourceKey(a.ip);
    if (this.watching.size >= this.max) return TOO_MANY_WATCHERS;
    if ((this.perSource.get(source) ?? 0) >= this.capFor(a.ip)) return TOO_MANY_FROM_SOURCE;
    this.watching.set(k, { addr: a, until, source });
    this.perSource.set(source, (this.perSource.get(source) ?? 0) + 1);
    this.nextEnd = Math.min(this.nextEnd, until);
    this.changed();
    return null;
  }

  private changed(): void {
    this.listed = null;
    this.version++;
  }

  /** Drop the watches that ended (only when one may have: O(1) otherwise). */
  private prune(): void {
    const t = this.now();
    if (t < this.nextEnd) return;
    let next = Infinity;
    let gone = 0;
    for (const [k, w] of this.watching) {
      if (w.until > t) {
        next = Math.min(next, w.until);
        continue;
      }
      this.watching.delete(k);
      const n = (this.perSource.get(w.source) ?? 1) - 1;
      if (n > 0) this.perSource.set(w.source, n);
      else this.perSource.delete(w.source);
      gone++;
    }
    this.nextEnd = next;
    if (gone > 0) this.changed();
  }

  /** O(1): does this address (addrKey) hold a live watch? (§3: such an address is verified.) */
  isWatching(key: string): boolean {
    const w = this.watching.get(key);
    return w !== undefined && w.until > this.now();
  }

  /** Live watchers' addresses, keyed by addrKey: one shared list, not to be modified. */
  active(): ReadonlyArray<[string, Addr]> {
    this.prune();
    return (this.listed ??= [...this.watching].map(([k, w]): [string, Addr] => [k, w.addr]));
  }

  /** Live watches of the source this IP belongs to. */
  fromSource(ip: string): number {
    this.prune();
    return this.perSource.get(sourceKey(ip)) ?? 0;
  }

  get size(): number {
    return this.watching.size;
  }
}
