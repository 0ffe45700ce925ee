// Request rates per source and per (account, auction) (issue 20.7, 20.8): token buckets, each with a
// refusal that says when to try again. They apply to the sources `--limits` names (limits.ts: all,
// all but loopback, none), like the registration and LOGIN limits. Tables are bounded (oldest out).
import { isLoopback, type LimitScope } from './limits.js';

export const RATES = {
  /** CATALOG pages per source IP: a burst (a client paging a big floor at start)… */
  catalogBurst: 200,
  /** …then this many a second. A page costs at most VISIT_BUDGET rows (catalog-index.ts). */
  catalogPerS: 50,
  /** BID and MAX_BID per account per auction: a burst (a bidding war in the last minute)… */
  bidBurst: 10,
  /** …then one every this many ms (12 a minute). Stepping a maximum up a cent at a time was 6,372 requests. */
  bidEveryMs: 5_000,
  maxEntries: 100_000,
} as const;

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key, at most `max` of them (the least recently used go first). */
export class Buckets {
  private readonly m = new Map<string, Bucket>();
  constructor(
    private readonly burst: number,
    /** Tokens per ms. */
    private readonly rate: number,
    private readonly max = RATES.maxEntries,
  ) {}

  /** Takes one token: 0 if there was one, else the ms until there is. */
  take(key: string, now: number): number {
    const b = this.m.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.rate);
    b.at = now;
    this.m.delete(key);
    this.m.set(key, b);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value as string);
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / this.rate);
    b.tokens--;
    return 0;
  }

  get size(): number {
    return this.m.size;
  }
}

export class RequestRates {
  private readonly catalogs = new Buckets(RATES.catalogBurst, RATES.catalogPerS / 1000);
  private readonly bids = new Buckets(RATES.bidBurst, 1 / RATES.bidEveryMs);
  /** (account, auction) pairs whose bid limit was hit and logged: once each (bounded like the buckets). */
  private readonly logged = new Set<string>();

  constructor(
    private readonly scope: LimitScope,
    private readonly now: () => number,
    private readonly warn: (who: string, text: string) => void,
    /** Open auctions of a seller now (catalog-index.ts), and how many one may have. */
    private readonly openBy: (seller: string) => number = () => 0,
    private readonly maxListings = Infinity,
  ) {}

  /**
   * One more LIST_ITEM by `seller`: a reason if it has `--max-listings-per-seller` open already (one
   * seller listed 100,000 in 19 s and took RSS from 85 to 368 MB). For every source, loopback too:
   * it bounds memory, not a rate.
   */
  listing(seller: string): string | null {
    const open = this.openBy(seller);
    return open >= this.maxListings
      ? `Too many open auctions: a seller may have ${this.maxListings} at a time; wait for one to close`
      : null;
  }

  private applies(ip: string): boolean {
    return this.scope === 'all' || (this.scope === 'remote' && !isLoopback(ip));
  }

  /** One CATALOG page from this IP: a reason if it is over its rate. */
  catalog(ip: string): string | null {
    if (!this.applies(ip)) return null;
    const wait = this.catalogs.take(ip, this.now());
    return wait ? `Too many CATALOG requests from this address, try again in ${Math.ceil(wait / 1000)} s` : null;
  }

  /**
   * One BID or MAX_BID by `account` on `item`: a reason if over the rate. The first refusal per
   * (account, auction) is logged: many bids on one lot in a short time is how a shill steps a maximum
   * up to find another bidder's (issue 20.8).
   */
  bid(ip: string, account: string, item: string): string | null {
    if (!this.applies(ip)) return null;
    // By item name: one unfinished auction holds a name at a time (§2), and a relisted one starts
    // from a bucket that has refilled long since.
    const key = `${account.toLowerCase()}\u0000${item.toLowerCase()}`;
    const wait = this.bids.take(key, this.now());
    if (!wait) return null;
    if (!this.logged.has(key)) {
      if (this.logged.size >= RATES.maxEntries) this.logged.delete(this.logged.values().next().value as string);
      this.logged.add(key);
      this.warn(
        account,
        `bid rate limit on ${item}: more than ${RATES.bidBurst} bids or maxima in a burst (possible probing of a maximum)`,
      );
    }
    return `Too many bids on ${item}, try again in ${Math.ceil(wait / 1000)} s`;
  }
}
