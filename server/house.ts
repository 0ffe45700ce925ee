// The auction house: the store plus the in-memory indexes every handler needs (who is bound to an
// address, which unfinished auction holds an item name). All mutations go through `commit`, which
// keeps the indexes in step with the document.
import type { IncrementPolicy } from '../shared/protocol/increments.js';
import { nameKey, type Account, type Auction, type DbDoc } from './state/model.js';
import { accountKeyAt, bindings, isPublicChange, undelivered, type Change } from './state/changes.js';
import { CatalogIndex } from './catalog-index.js';
import type { LimitScope } from './limits.js';
import type { Store } from './store/store.js';

export interface Addr {
  ip: string;
  port: number;
}
export const addrKey = (a: Addr): string => `${a.ip}:${a.port}`;

export interface HouseConfig {
  softCloseS: number;
  commission: number;
  informTimeoutS: number;
  watchSeconds: number;
  maxWatchers: number;
  negotiateRepeatMs: number;
  /** §5 Bids: the minimum increment over the highest bid, and the proxy's step (`--increments`). */
  increments: IncrementPolicy;
  /**
   * §5 Address verification: 'verified' denies a REGISTER or LOGIN without the WATCH cookie of its
   * source address; 'any' accepts them (course clients send none). Default: 'any' when listening on a
   * loopback address, 'verified' otherwise.
   */
  addresses: 'any' | 'verified';
  /** Which sources the registration and failed-LOGIN limits apply to (limits.ts); default 'remote'. */
  limits: LimitScope;
  /** Open auctions one seller may have at a time (issue 20.7; `--max-listings-per-seller`). */
  maxListingsPerSeller: number;
}

/** How many server RQ#s are reserved per durable lease (§2: the counter never goes backwards). */
const RQ_LEASE = 10_000;

export class AuctionHouse {
  /** item key → id of the unfinished auction (open, or closed with its purchase still pending). */
  private unfinished = new Map<string, string>();
  private rqNext: number;
  /** Bumped whenever an address binding changes (REGISTER, LOGIN, DE-REGISTER): lets callers cache addresses. */
  bindingVersion = 0;
  /** The open auctions by name and by last public change (§5 Catalog). */
  readonly catalog = new CatalogIndex();

  constructor(
    readonly store: Store,
    readonly config: HouseConfig,
    readonly now: () => number,
    /** Told of every change right after it is applied (the server's event bus). */
    private readonly onCommit: ((seq: number, change: Change, doc: DbDoc, archivedItem?: string) => void) | null = null,
  ) {
    const doc = store.doc;
    this.rqNext = doc.rqCeiling + 1;
    for (const au of Object.values(doc.auctions)) {
      if (this.isUnfinished(au)) this.unfinished.set(nameKey(au.item), au.id);
      // An auction from a file before v1.1 has no changeRq: changed "now", so an incremental CATALOG
      // includes it once rather than never.
      if (au.status === 'open') this.catalog.add(au.id, au.item, au.changeRq ?? doc.rqCeiling, au.seller);
    }
  }

  get doc(): DbDoc {
    return this.store.doc;
  }

  private isUnfinished(au: Auction): boolean {
    return au.status === 'open' || this.doc.closures[au.id]?.state === 'pending';
  }

  commit(change: Change): number {
    // §5 Catalog: every public change of an auction takes a fresh server RQ#, recorded with it.
    if (isPublicChange(change) && change.changeRq === undefined)
      change = { ...change, changeRq: Number(this.nextRq()) };
    // A name binds one address and an address one name (§4): applyChange keeps the address index
    // (state/changes.ts) in step; callers that cache addresses look at this version.
    if (change.t === 'register' || change.t === 'login' || change.t === 'deregister') this.bindingVersion++;
    // An archived auction leaves the document: its name is taken now, for the event that reports it.
    const archivedItem =
      change.t === 'archive'
        ? (this.doc.auctions[change.auctionId]?.item ?? this.doc.closures[change.auctionId]?.item)
        : undefined;
    const seq = this.store.commit(change);
    if (change.t === 'list') this.unfinished.set(nameKey(change.item), change.id);
    if (change.t === 'list') this.catalog.add(change.id, change.item, change.changeRq!, change.seller);
    else if (isPublicChange(change)) this.catalog.touch(change.auctionId, change.changeRq!);
    else if (change.t === 'close') this.catalog.remove(change.auctionId);
    if (change.t === 'close' || change.t === 'closure-complete' || change.t === 'closure-cancel') {
      const au = this.doc.auctions[change.auctionId];
      if (au && !this.isUnfinished(au) && this.unfinished.get(nameKey(au.item)) === au.id)
        this.unfinished.delete(nameKey(au.item));
    }
    this.onCommit?.(seq, change, this.doc, archivedItem);
    return seq;
  }

  /**
   * §8 History: move a closed auction whose closure has ended (the closure runner decides when) out of
   * the live document into the archive, with its bids, closure and transaction, in one durable change.
   * A stranded closure record (a party not yet told) leaves once its last outcome is delivered.
   */
  archive(auctionId: string): boolean {
    const au = this.doc.auctions[auctionId];
    const c = this.doc.closures[auctionId];
    if (au?.status === 'open' || c?.state === 'pending') return false;
    if (!au && (!c || undelivered(c))) return false;
    this.commit({ t: 'archive', auctionId, at: this.now() });
    return true;
  }

  accountAt(from: Addr): Account | undefined {
    const k = accountKeyAt(this.doc, from.ip, from.port);
    return k ? this.doc.accounts[k] : undefined;
  }

  account(name: string): Account | undefined {
    return this.doc.accounts[nameKey(name)];
  }

  addressOf(a: Account): Addr | null {
    return a.ip && a.udpPort && accountKeyAt(this.doc, a.ip, a.udpPort) === nameKey(a.name)
      ? { ip: a.ip, port: a.udpPort }
      : null;
  }

  /** The unfinished auction for this item name (open, or closed with a pending purchase). */
  unfinishedAuction(item: string): Auction | undefined {
    const id = this.unfinished.get(nameKey(item));
    return id ? this.doc.auctions[id] : undefined;
  }

  openAuction(item: string): Auction | undefined {
    const a = this.unfinishedAuction(item);
    return a && a.status === 'open' ? a : undefined;
  }

  *openAuctions(): Iterable<Auction> {
    for (const id of this.unfinished.values()) {
      const a = this.doc.auctions[id];
      if (a.status === 'open') yield a;
    }
  }

  *boundAccounts(): Iterable<[Addr, Account]> {
    for (const [key, k] of bindings(this.doc)) {
      const i = key.lastIndexOf(':');
      yield [{ ip: key.slice(0, i), port: Number(key.slice(i + 1)) }, this.doc.accounts[k]];
    }
  }

  /** The last server RQ# handed out (CATALOG_END's Watermark, §5). */
  get watermark(): number {
    return this.rqNext - 1;
  }

  /** A fresh server RQ# (§2). Leases blocks durably so a restart never reuses one. */
  nextRq(): string {
    if (this.rqNext > this.doc.rqCeiling) this.commit({ t: 'rq-lease', ceiling: this.rqNext + RQ_LEASE - 1 });
    return String(this.rqNext++);
  }
}
