// The auctions of the state, as a persistent map: every update returns a new map and leaves the old one
// as it was (the reducer stays pure), but costs O(n / 64) instead of copying every auction — a floor of
// 10,000 lots receiving 50 bid updates a second would otherwise copy half a million entries a second.
// The keys are split over 64 buckets by hash; an update copies the bucket array and one bucket.
//
// It also knows, cheaply, what the views need on every frame: how many auctions are open, which keys
// changed since an older map of the same line (so the sorted table is patched, not re-sorted), and
// when the latest price highlights end.
import type { Auction } from './auction.js';

const BUCKETS = 64;
/** How far back changedSince() can look; beyond that the caller recomputes from scratch. */
const TRAIL = 64;

function bucketOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % BUCKETS;
}

/** One change: the keys set or deleted between a map and the one it was made from. */
interface Step {
  parent: AuctionMap;
  keys: readonly string[];
}

export class AuctionMap implements Iterable<Auction> {
  static readonly EMPTY = new AuctionMap(
    Array.from({ length: BUCKETS }, () => new Map()),
    0,
    0,
    null,
    0,
    [],
  );

  private constructor(
    private readonly buckets: ReadonlyArray<ReadonlyMap<string, Auction>>,
    readonly size: number,
    /** Auctions not closed. */
    readonly openCount: number,
    private readonly step: Step | null,
    private readonly depth: number,
    /** [changedAt, key] of recent price moves, oldest first (for the highlight's wake-up). */
    private readonly moves: ReadonlyArray<readonly [number, string]>,
  ) {}

  static of(auctions: Iterable<Auction>): AuctionMap {
    return AuctionMap.EMPTY.setMany(auctions);
  }

  get(key: string): Auction | undefined {
    return this.buckets[bucketOf(key)].get(key);
  }

  has(key: string): boolean {
    return this.buckets[bucketOf(key)].has(key);
  }

  *values(): IterableIterator<Auction> {
    for (const b of this.buckets) yield* b.values();
  }

  *keys(): IterableIterator<string> {
    for (const b of this.buckets) yield* b.keys();
  }

  [Symbol.iterator](): IterableIterator<Auction> {
    return this.values();
  }

  /** A copy with `a` set under its key. */
  set(a: Auction): AuctionMap {
    return this.setMany([a]);
  }

  /** A copy with every auction of `list` set (one new map for a whole catalog). */
  setMany(list: Iterable<Auction>): AuctionMap {
    return this.update(list, []);
  }

  /** A copy without these keys. */
  deleteMany(keys: Iterable<string>): AuctionMap {
    return this.update([], keys);
  }

  private update(sets: Iterable<Auction>, deletes: Iterable<string>): AuctionMap {
    const buckets = this.buckets.slice();
    const copied = new Set<number>();
    const own = (i: number): Map<string, Auction> => {
      if (!copied.has(i)) {
        buckets[i] = new Map(buckets[i]);
        copied.add(i);
      }
      return buckets[i] as Map<string, Auction>;
    };
    let size = this.size;
    let open = this.openCount;
    const changed: string[] = [];
    let moves: Array<readonly [number, string]> | null = null;
    for (const a of sets) {
      const i = bucketOf(a.key);
      const old = buckets[i].get(a.key);
      if (old === a) continue;
      own(i).set(a.key, a);
      changed.push(a.key);
      if (!old) size++;
      open += (a.closed ? 0 : 1) - (old && !old.closed ? 1 : 0);
      if (a.changedAt !== null && a.changedAt !== old?.changedAt) {
        moves ??= this.moves.slice();
        const last = moves.length ? moves[moves.length - 1][0] : -Infinity;
        moves.push([a.changedAt, a.key]);
        if (a.changedAt < last) moves.sort((x, y) => x[0] - y[0]);
      }
    }
    for (const key of deletes) {
      const i = bucketOf(key);
      const old = buckets[i].get(key);
      if (!old) continue;
      own(i).delete(key);
      changed.push(key);
      size--;
      if (!old.closed) open--;
    }
    if (changed.length === 0) return this;
    // Keep the recent moves only: a highlight lasts seconds.
    if (moves && moves.length > 256) moves = moves.slice(moves.length - 256);
    const depth = this.depth + 1;
    // The trail is cut every TRAIL steps, so old maps are not kept alive by new ones.
    const step = depth % TRAIL === 0 ? null : { parent: this, keys: changed };
    return new AuctionMap(buckets, size, open, step, depth, moves ?? this.moves);
  }

  /**
   * The keys set or deleted since `older`, if this map was made from it by a few updates (at most
   * TRAIL, and at most `limit` keys); null otherwise (recompute from scratch).
   */
  changedSince(older: AuctionMap, limit = 512): ReadonlySet<string> | null {
    if (older === this) return new Set();
    const keys = new Set<string>();
    for (let step = this.step; step; step = step.parent.step) {
      for (const k of step.keys) keys.add(k);
      if (keys.size > limit) return null;
      if (step.parent === older) return keys;
    }
    return null;
  }

  /** The earliest moment after `now` at which a price highlight of `durationMs` ends, or null. */
  nextHighlightEnd(now: number, durationMs: number): number | null {
    for (const [at] of this.moves) if (at + durationMs > now) return at + durationMs;
    return null;
  }

  /** A plain object by key (tests, debugging). */
  toRecord(): Record<string, Auction> {
    const out: Record<string, Auction> = {};
    for (const b of this.buckets) for (const [k, a] of b) out[k] = a;
    return out;
  }
}
