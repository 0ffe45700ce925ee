// The client's picture of the floor, kept by the paged, incremental CATALOG (PROTOCOL.md §5 Catalog):
// - a full listing fetches page after page, each only after the previous page's CATALOG_END, so a
//   listing of any size arrives at the pace the client reads it; a page that does not arrive whole is
//   asked for again on its own, the pages already received are kept;
// - the periodic repair asks only for what changed since the Watermark of the last complete listing
//   (`CATALOG RQ# Since_RQ`): an idle client costs the server O(changes), not O(auctions);
// - a full listing again when the count disagrees with the server's Total, or after a reconnect.
// No sockets here: `fetchPage` is the one request it makes (AuctionClient sends it).
import type { CatalogEnd, CatalogItem, Denial } from '../protocol/messages.js';
import type { CatalogEntry } from './types.js';

export type PageOutcome =
  { ok: true; items: CatalogItem[]; end: CatalogEnd } | { ok: true; denial: Denial } | { ok: false; timeout: true };

/**
 * A sync's outcome. `changed`: the listing differs from before (always after a full listing; after a
 * repair, when a page had rows or an auction was dropped as closed). `entries()` builds the listing
 * (10,000 fresh rows at 10,000 auctions): called only by those who use it.
 */
export type SyncOutcome =
  | { ok: true; end: CatalogEnd; full: boolean; changed: boolean; entries: () => CatalogEntry[] }
  | { ok: true; denial: Denial }
  | { ok: false; timeout: true };

interface Known {
  entry: Omit<CatalogEntry, 'timeLeft'>;
  /** Local clock estimate of its close (receipt time + Time_Left): Time_Left is rounded up, so never early. */
  closesAt: number;
}

/** Auctions within this of their estimated close may or may not still count in the server's Total. */
const CLOSING_MARGIN_MS = 1500;
/** How long the pages of a listing cut short are kept to resume it. */
const RESUME_MS = 60_000;

export class CatalogSync {
  private known = new Map<string, Known>();
  /** Watermark of the last complete listing; null: the next sync must be a full listing. */
  private watermark: number | null = null;
  private running: Promise<SyncOutcome> | null = null;
  /** A full listing cut short: the pages read so far and where it stopped. */
  private partial: { got: Map<string, Known>; after: string | null; first: CatalogEnd; at: number } | null = null;

  constructor(
    private readonly fetchPage: (sinceRq: number, afterItem: string | null) => Promise<PageOutcome>,
    private readonly now: () => number,
    private readonly onProgress: (received: number, total: number) => void = () => undefined,
  ) {}

  /** The open auctions as last synced, Time_Left counted down to now. */
  entries(): CatalogEntry[] {
    const now = this.now();
    const out: CatalogEntry[] = [];
    for (const k of this.known.values())
      out.push({ ...k.entry, timeLeft: Math.max(0, Math.ceil((k.closesAt - now) / 1000)) });
    return out;
  }

  get size(): number {
    return this.known.size;
  }

  /** After a reconnect (or a new server): the next sync is a full listing. */
  invalidate(): void {
    this.watermark = null;
  }

  /** AUCTION_CLOSED: no longer open (the server's Total no longer counts it). */
  closed(item: string): void {
    this.known.delete(item.toLowerCase());
  }

  /** A full listing, page by page. */
  full(): Promise<SyncOutcome> {
    return this.once(() => this.listAll());
  }

  /** The periodic repair: what changed since the last complete listing, or a full listing if there is none. */
  repair(): Promise<SyncOutcome> {
    return this.once(() => (this.watermark === null ? this.listAll() : this.listChanged(this.watermark)));
  }

  /** One sync at a time; a second caller shares the one under way. */
  private once(run: () => Promise<SyncOutcome>): Promise<SyncOutcome> {
    this.running ??= run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private remember(items: CatalogItem[], into: Map<string, Known>, at: number): void {
    for (const i of items) {
      into.set(i.item.toLowerCase(), {
        entry: {
          item: i.item,
          description: i.description,
          currentPrice: i.currentPrice,
          seller: i.seller,
          bids: i.bids,
          leader: i.leader,
        },
        closesAt: at + i.timeLeft * 1000,
      });
    }
  }

  /**
   * Every page in turn; the listing's Watermark is its first page's (anything changed later is newer).
   * A listing cut short (the server silent through all retries of a page) is resumed at that page by
   * the next full listing, within RESUME_MS: RQ#s never go backwards, so whatever changed meanwhile on
   * the pages already read is above the first page's Watermark and comes with the next repair, and an
   * auction gone meanwhile shows as a count that disagrees with Total.
   */
  private async listAll(): Promise<SyncOutcome> {
    const resume = this.partial && this.now() - this.partial.at <= RESUME_MS ? this.partial : null;
    this.partial = null;
    const got = resume?.got ?? new Map<string, Known>();
    let after: string | null = resume?.after ?? null;
    let first: CatalogEnd | null = resume?.first ?? null;
    for (;;) {
      const page = await this.fetchPage(0, after);
      if (!page.ok) {
        if (first) this.partial = { got, after, first, at: this.now() };
        return page;
      }
      if ('denial' in page) return page;
      this.remember(page.items, got, this.now());
      first ??= page.end;
      this.onProgress(got.size, page.end.total);
      if (page.end.nextItem === null) {
        this.known = got;
        this.watermark = first.watermark;
        return { ok: true, end: page.end, full: true, changed: true, entries: () => this.entries() };
      }
      after = page.end.nextItem;
    }
  }

  private async listChanged(since: number): Promise<SyncOutcome> {
    const now = this.now();
    // What has certainly closed by now is dropped; one extended by a late bid comes back below (its
    // close time changed, so it is in the changes).
    const before = this.known.size;
    for (const [k, v] of this.known) if (v.closesAt <= now) this.known.delete(k);
    let changed = this.known.size !== before;
    let after: string | null = null;
    let first: CatalogEnd | null = null;
    for (;;) {
      const page = await this.fetchPage(since, after);
      if (!page.ok || 'denial' in page) return page;
      if (page.items.length) changed = true;
      this.remember(page.items, this.known, this.now());
      first ??= page.end;
      if (page.end.nextItem === null) {
        const end = page.end;
        if (!this.agrees(end.total)) {
          this.watermark = null;
          return this.listAll();
        }
        this.watermark = first.watermark;
        return { ok: true, end, full: false, changed, entries: () => this.entries() };
      }
      after = page.end.nextItem;
    }
  }

  /** Our count against the server's Total, allowing for auctions closing this very moment. */
  private agrees(total: number): boolean {
    if (this.known.size === total) return true;
    const now = this.now();
    let closing = 0;
    for (const v of this.known.values()) if (v.closesAt - CLOSING_MARGIN_MS <= now) closing++;
    return this.known.size > total && this.known.size - total <= closing;
  }
}
