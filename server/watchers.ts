// WATCH (PROTOCOL.md §5, ext): anyone may watch every public event. The cookie is stateless — an
// HMAC of the source address and a minute bucket under a key made at start — so only an address that
// can receive our datagrams can complete the handshake, and a forged source gets no stream of pushes.
import { createHmac, randomBytes } from 'node:crypto';
import type { Addr } from './house.js';
import { addrKey } from './house.js';

const BUCKET_MS = 60_000;

export class Watchers {
  private readonly key = randomBytes(32);
  private watching = new Map<string, { addr: Addr; until: number }>();

  constructor(
    private readonly seconds: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  cookieFor(a: Addr, bucket = Math.floor(this.now() / BUCKET_MS)): string {
    return createHmac('sha256', this.key)
      .update(`${addrKey(a)}|${bucket}`)
      .digest('base64url')
      .slice(0, 22);
  }

  /** Valid for the bucket it was issued in and the next one. */
  cookieValid(a: Addr, cookie: string): boolean {
    const b = Math.floor(this.now() / BUCKET_MS);
    return cookie === this.cookieFor(a, b) || cookie === this.cookieFor(a, b - 1);
  }

  /** Start or renew a watch; false if the server is full. */
  watch(a: Addr): boolean {
    const k = addrKey(a);
    if (!this.watching.has(k)) {
      this.prune();
      if (this.watching.size >= this.max) return false;
    }
    this.watching.set(k, { addr: a, until: this.now() + this.seconds * 1000 });
    return true;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, w] of this.watching) if (w.until <= t) this.watching.delete(k);
  }

  /** O(1): does this address (addrKey) hold a live watch? (§3: such an address is verified.) */
  isWatching(key: string): boolean {
    const w = this.watching.get(key);
    return w !== undefined && w.until > this.now();
  }

  /** Live watchers' addresses, keyed by addrKey. */
  *active(): Iterable<[string, Addr]> {
    const t = this.now();
    for (const [k, w] of this.watching) {
      if (w.until > t) yield [k, w.addr];
      else this.watching.delete(k);
    }
  }

  get size(): number {
    return this.watching.size;
  }
}
