// The bots' shared picture of the floor, built from what a watcher hears (AUCTION_ANNOUNCE,
// BID_UPDATE, PRICE_ADJUSTMENT, AUCTION_CLOSED, CATALOG) plus what the demo's own sellers listed.
// Pure bookkeeping with the clock passed in; no sockets.
import type { CatalogEntry } from '../shared/client/types.js';
import type { Cents, Push } from '../shared/protocol/index.js';
import type { Appeal } from './pacing.js';
import type { Category } from './seed.js';

export interface Lot {
  /** Distinct per listing: an item relisted under the same name is a new lot. */
  id: number;
  item: string;
  description: string;
  price: Cents;
  hasBid: boolean;
  leader: string | null;
  bids: number;
  closesAt: number;
  durationS: number;
  listedAt: number;
  /** Known for the demo's own listings. */
  seller: string | null;
  category: Category | null;
  appeal: Appeal;
  startPrice: Cents;
  /** No bidder takes notice before half time: the server will ask the seller to negotiate. */
  sleepy: boolean;
}

export interface ListingInfo {
  item: string;
  description: string;
  startPrice: Cents;
  durationS: number;
  seller: string;
  category: Category;
  appeal: Appeal;
  sleepy: boolean;
}

const key = (item: string) => item.toLowerCase();

export class FloorPicture {
  private readonly lots = new Map<string, Lot>();
  private nextId = 1;

  /** One of our sellers listed this (ITEM_LISTED came back). */
  listed(info: ListingInfo, now: number): Lot {
    const lot: Lot = {
      id: this.nextId++,
      item: info.item,
      description: info.description,
      price: info.startPrice,
      hasBid: false,
      leader: null,
      bids: 0,
      closesAt: now + info.durationS * 1000,
      durationS: info.durationS,
      listedAt: now,
      seller: info.seller,
      category: info.category,
      appeal: info.appeal,
      startPrice: info.startPrice,
      sleepy: info.sleepy,
    };
    this.lots.set(key(info.item), lot);
    return lot;
  }

  /** A push heard by the watcher. Returns the lot that closed, for AUCTION_CLOSED. */
  apply(m: Push, now: number): Lot | null {
    const lot = this.lots.get(key(m.item));
    switch (m.type) {
      case 'AUCTION_ANNOUNCE':
        if (!lot) this.lots.set(key(m.item), this.stranger(m.item, m.description, m.currentPrice, m.timeLeft, now));
        else if (m.timeLeft > 0) lot.closesAt = now + m.timeLeft * 1000;
        return null;
      case 'BID_UPDATE':
        if (!lot) {
          const l = this.stranger(m.item, '', m.highestBid, m.timeLeft, now);
          l.hasBid = true;
          l.leader = m.bidder;
          l.bids = 1;
          this.lots.set(key(m.item), l);
          return null;
        }
        if (m.highestBid >= lot.price || !lot.hasBid) {
          lot.price = m.highestBid;
          lot.leader = m.bidder;
        }
        lot.hasBid = true;
        lot.bids += 1;
        lot.closesAt = now + m.timeLeft * 1000;
        return null;
      case 'PRICE_ADJUSTMENT':
        if (lot && !lot.hasBid) {
          lot.price = m.newPrice;
          lot.closesAt = now + m.timeLeft * 1000;
        }
        return null;
      case 'AUCTION_CLOSED':
        if (!lot) return null;
        this.lots.delete(key(m.item));
        return lot;
      default:
        return null;
    }
  }

  /** Our own bid was accepted: we lead at this amount (the BID_UPDATE will say the same). */
  bidAccepted(item: string, bidder: string, amount: Cents): void {
    const lot = this.lots.get(key(item));
    if (!lot || (lot.hasBid && amount <= lot.price)) return;
    lot.price = amount;
    lot.leader = bidder;
    lot.hasBid = true;
  }

  /**
   * A complete CATALOG: corrects prices and close times, and drops lots that are no longer open (their
   * AUCTION_CLOSED was lost) once they are past their close time.
   */
  catalog(entries: readonly CatalogEntry[], now: number): Lot[] {
    const open = new Map(entries.map((e) => [key(e.item), e]));
    const dropped: Lot[] = [];
    for (const [k, lot] of this.lots) {
      const e = open.get(k);
      if (!e) {
        if (lot.closesAt <= now) {
          this.lots.delete(k);
          dropped.push(lot);
        }
        continue;
      }
      if (e.currentPrice > lot.price) lot.price = e.currentPrice;
      if (e.timeLeft > 0) lot.closesAt = now + e.timeLeft * 1000;
    }
    for (const e of entries)
      if (!this.lots.has(key(e.item)))
        this.lots.set(key(e.item), this.stranger(e.item, e.description, e.currentPrice, e.timeLeft, now));
    return dropped;
  }

  get(item: string): Lot | undefined {
    return this.lots.get(key(item));
  }

  has(item: string): boolean {
    return this.lots.has(key(item));
  }

  /** Lots still open at `now`. */
  open(now: number): Lot[] {
    return [...this.lots.values()].filter((l) => l.closesAt > now);
  }

  get size(): number {
    return this.lots.size;
  }

  /** What a bidder has committed: the sum of the prices of the lots it leads. */
  committed(bidder: string, now: number): Cents {
    let sum = 0;
    for (const l of this.open(now)) if (l.leader === bidder) sum += l.price;
    return sum;
  }

  /** An auction we did not list (someone else's, or one from before we started watching). */
  private stranger(item: string, description: string, price: Cents, timeLeftS: number, now: number): Lot {
    return {
      id: this.nextId++,
      item,
      description,
      price,
      hasBid: false,
      leader: null,
      bids: 0,
      closesAt: now + timeLeftS * 1000,
      durationS: Math.max(timeLeftS, 1),
      listedAt: now,
      seller: null,
      category: null,
      appeal: 'normal',
      startPrice: price,
      sleepy: false,
    };
  }
}
