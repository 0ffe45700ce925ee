// The domain core of the auction floor: every operation on auctions that a handler or the scheduler
// calls — list, subscribe, bid, negotiate, close — over the house (state and indexes), the pure rules
// (rules/, tagged with their PROTOCOL.md section) and the store. An operation validates, commits its
// Change, and returns an Outcome: the reason it was refused, or the value its reply needs plus the
// pushes that must follow that reply. Timers (scheduler.ts) and purchases (closure/) are reached
// through `lifecycle` hooks. Nothing here knows about sockets or datagram parsing.
//
// Every public change of an auction (its listing, price, leader, bids, close time, closure) is
// committed through `changeAuction`, and every push about an auction goes through `tell`: the one place
// to hook e.g. a server RQ# recorded on the auction per public change.
import { nanoid } from 'nanoid';
import type { CatalogItem, Cents, Push } from '../shared/protocol/messages.js';
import { audience, AudienceCache } from './audience.js';
import { addrKey, type Addr } from './house.js';
import { done, refused, type Outcome } from './outcome.js';
import { contest, type Entry } from './rules/proxy.js';
import {
  bidRefusal,
  currentPrice,
  maxBidRefusal,
  highestBid,
  negotiationPhase,
  negotiationRefusal,
  softCloseAfterBid,
  timeLeft,
} from './rules/auction-rules.js';
import type { Services } from './services.js';
import type { Change } from './state/changes.js';
import { nameKey, type Account, type Auction } from './state/model.js';

export interface Listing {
  item: string;
  description: string;
  startCents: Cents;
  durationS: number;
}

/** What the catalog (§5 CATALOG, CATALOG_ITEM) shows of an open auction: public state only, never a maximum. */
export type CatalogRow = Omit<CatalogItem, 'type' | 'rq'>;

/** §5 Catalog: at most this many CATALOG_ITEM lines per page. */
export const CATALOG_PAGE = 32;

/** One CATALOG page: its rows, the open total, the next page's After_Item (null after the last), the Watermark. */
export interface CatalogPage {
  rows: CatalogRow[];
  total: number;
  nextItem: string | null;
  watermark: number;
}

/** A bid's outcome once the proxy has answered: the price and leader (MAX_BID_SET's fields). */
export interface ContestResult {
  item: string;
  price: Cents;
  leader: string;
}

/** The state after a negotiation answer: the item, its asking price and time left. */
export interface NegotiationAnswer {
  item: string;
  price: Cents;
  timeLeft: number;
}

export class Market {
  private readonly fanout: AudienceCache;

  constructor(private readonly s: Services) {
    this.fanout = new AudienceCache(s.house, s.watchers);
  }

  private get house() {
    return this.s.house;
  }

  // ---- queries --------------------------------------------------------------------------------

  /**
   * §5 Catalog: one page of the open auctions in item-name order (case-insensitive) after `afterItem`,
   * with `sinceRq` > 0 only those whose public state changed with a server RQ# above it.
   */
  catalog(sinceRq: number, afterItem: string | null): CatalogPage {
    const { house } = this;
    const now = house.now();
    // Taken before the page is read: a change racing the page is never below the client's next Since_RQ.
    const watermark = house.watermark;
    const page = house.catalog.page(sinceRq, afterItem, CATALOG_PAGE);
    const rows = page.ids.map((id): CatalogRow => {
      const a = house.doc.auctions[id];
      return {
        item: a.item,
        seller: a.seller,
        currentPrice: currentPrice(a),
        bids: a.bids.length,
        leader: highestBid(a)?.bidder ?? null,
        timeLeft: timeLeft(a, now),
        description: a.description,
      };
    });
    return { rows, total: house.catalog.size, nextItem: page.nextItem, watermark };
  }

  /**
   * §5 DE-REGISTER: why this account cannot leave now (it sells an open auction, leads one, or has a purchase to
   * finish), or null.
   */
  obligations(account: Account): string | null {
    const me = nameKey(account.name);
    for (const a of this.house.openAuctions()) {
      if (nameKey(a.seller) === me) return `You sell ${a.item}, which is still open`;
      const top = highestBid(a);
      if (top && nameKey(top.bidder) === me) return `You lead the auction for ${a.item}`;
    }
    for (const c of Object.values(this.house.doc.closures)) {
      if (c.state === 'pending' && (nameKey(c.seller.name) === me || (c.buyer && nameKey(c.buyer.name) === me))) {
        return `Your purchase of ${c.item} is not finished`;
      }
    }
    return null;
  }

  // ---- operations -----------------------------------------------------------------------------

  /** §5 Listing: a seller opens an auction at once; every watcher and bound buyer hears of it. */
  listItem(seller: Account, l: Listing): Outcome {
    if (seller.role !== 'seller') return refused('Only sellers can list items');
    if (this.house.unfinishedAuction(l.item)) return refused(`Item_Name ${l.item} is in use by an unfinished auction`);
    const now = this.house.now();
    const id = nanoid(12);
    this.changeAuction({
      t: 'list',
      id,
      item: l.item,
      seller: seller.name,
      description: l.description,
      startCents: l.startCents,
      durationS: l.durationS,
      openedAt: now,
      closesAt: now + l.durationS * 1000,
    });
    const a = this.house.doc.auctions[id];
    return done(undefined, () => {
      this.s.lifecycle.auctionChanged(a);
      const to = new Map<string, Addr>();
      for (const [k, w] of this.s.watchers.active()) to.set(k, w);
      for (const [addr, acct] of this.house.boundAccounts()) if (acct.role === 'buyer') to.set(addrKey(addr), addr);
      this.tell([...to.values()], (rq) => ({
        type: 'AUCTION_ANNOUNCE',
        rq,
        item: a.item,
        description: a.description,
        currentPrice: a.priceCents,
        timeLeft: timeLeft(a, now),
      }));
    });
  }

  /** §5 SUBSCRIBE: follow an open auction; the subscriber then gets its current state. */
  subscribe(account: Account, item: string, from: Addr): Outcome {
    const a = this.house.openAuction(item);
    if (!a) return refused(`No open auction named ${item}`);
    if (!a.subscribers.includes(nameKey(account.name)))
      this.house.commit({ t: 'subscribe', name: account.name, auctionId: a.id });
    return done(undefined, () =>
      this.tell(
        [from],
        (rq) => ({
          type: 'AUCTION_ANNOUNCE',
          rq,
          item: a.item,
          description: a.description,
          currentPrice: currentPrice(a),
          timeLeft: timeLeft(a, this.house.now()),
        }),
        'subscriber',
      ),
    );
  }

  /** DE-SUBSCRIBE (ext). */
  unsubscribe(account: Account, item: string): Outcome {
    const a = this.house.unfinishedAuction(item);
    if (!a || !a.subscribers.includes(nameKey(account.name))) return refused(`You are not subscribed to ${item}`);
    this.house.commit({ t: 'unsubscribe', name: account.name, auctionId: a.id });
    return done(undefined);
  }

  /**
   * §5 Bids: a plain BID. Validated against the live auction, contested against the leader's maximum
   * (which may answer at once), committed, and each recorded bid fanned out as a BID_UPDATE (§6) after
   * the reply. BID_ACCEPTED either way: an accepted bid that a maximum beat at once is still accepted.
   */
  placeBid(bidder: Account, item: string, cents: Cents): Outcome<ContestResult> {
    const a = this.house.openAuction(item);
    const now = this.house.now();
    const refusal = bidRefusal(a, bidder, cents, now, this.house.config.increments);
    if (refusal || !a) return refused(refusal ?? 'No such open auction');
    return this.settle(a, { bidder: bidder.name, cents, kind: 'bid' }, now);
  }

  /**
   * §5 Maximum (proxy) bids: MAX_BID. The server bids for the buyer, just enough to lead; the reply
   * (MAX_BID_SET) carries the price and leader once the proxy has answered, never the maximum.
   */
  setMaxBid(bidder: Account, item: string, maxCents: Cents): Outcome<ContestResult> {
    const a = this.house.openAuction(item);
    const now = this.house.now();
    const refusal = maxBidRefusal(a, bidder, maxCents, now, this.house.config.increments);
    if (refusal || !a) return refused(refusal ?? 'No such open auction');
    return this.settle(a, { bidder: bidder.name, cents: maxCents, kind: 'max' }, now);
  }

  /** Runs a validated entry's contest, commits its outcome as one change, and leaves the pushes for after the reply. */
  private settle(a: Auction, entry: Entry, now: number): Outcome<ContestResult> {
    const c = contest(a, entry, this.house.config.increments);
    const recorded = c.recorded;
    // Soft close (§5): only a change of the price or leader moves the close (a raised maximum shows nothing).
    const closesAt = recorded.length > 0 ? softCloseAfterBid(a, now, this.house.config.softCloseS) : undefined;
    if (entry.kind === 'bid' && recorded.length === 1 && c.leaderMax === null) {
      // The common case, a plain bid that leads: the same short change as before maxima existed.
      const change: Change = { t: 'bid', auctionId: a.id, bidder: entry.bidder, cents: recorded[0].cents, at: now };
      if (closesAt) change.closesAt = closesAt;
      this.changeAuction(change);
    } else {
      const change: Change = { t: 'contest', auctionId: a.id, at: now, bids: recorded };
      if (c.leaderMax !== 'unchanged' && c.leaderMax !== null) change.max = c.leaderMax;
      if (closesAt) change.closesAt = closesAt;
      this.changeAuction(change);
    }
    return done({ item: a.item, price: c.price, leader: c.leader }, () => {
      if (closesAt) this.s.lifecycle.auctionChanged(a);
      if (recorded.length === 0) return;
      const to = this.fanout.of(a);
      const left = timeLeft(a, now);
      for (const b of recorded)
        this.tell(to, (rq) => ({
          type: 'BID_UPDATE',
          rq,
          item: a.item,
          highestBid: b.cents,
          bidder: b.bidder,
          timeLeft: left,
        }));
    });
  }

  /** §5 Negotiation, at half time with no bid: the decision is committed, then the seller is asked. */
  askNegotiation(a: Auction): void {
    if (negotiationPhase(a, this.house.now()) !== 'due') return;
    this.house.commit({ t: 'negotiate-asked', auctionId: a.id, rq: this.house.nextRq() });
    this.remindNegotiation(a);
  }

  /** Sends (again) the NEGOTIATE_REQ of an asked, unanswered auction; false once there is nothing to ask. */
  remindNegotiation(a: Auction): boolean {
    if (negotiationPhase(a, this.house.now()) !== 'asked') return false;
    const seller = this.house.account(a.seller);
    const to = seller && this.house.addressOf(seller);
    if (to) {
      this.s.outbox.push(
        [to],
        {
          type: 'NEGOTIATE_REQ',
          rq: a.negotiateRq!,
          item: a.item,
          currentPrice: a.priceCents,
          timeLeft: timeLeft(a, this.house.now()),
        },
        'seller',
      );
    }
    return true;
  }

  /**
   * §5 ACCEPT (newCents) / REFUSE (null): the seller's answer to NEGOTIATE_REQ `rq`. An accepted lower
   * price is pushed as PRICE_ADJUSTMENT to everyone but the seller, whose reply carries it.
   */
  answerNegotiation(
    seller: Account,
    item: string,
    rq: string,
    newCents: Cents | null,
    from: Addr,
  ): Outcome<NegotiationAnswer> {
    const a = this.house.openAuction(item);
    const now = this.house.now();
    const refusal = negotiationRefusal(a, seller, rq, newCents, now);
    if (refusal || !a) return refused(refusal ?? 'No such open auction');
    if (newCents === null) {
      this.changeAuction({ t: 'negotiate-answered', auctionId: a.id, accepted: false });
      return done({ item: a.item, price: a.priceCents, timeLeft: timeLeft(a, now) });
    }
    this.changeAuction({ t: 'negotiate-answered', auctionId: a.id, accepted: true, newCents });
    const left = timeLeft(a, now);
    return done({ item: a.item, price: newCents, timeLeft: left }, () =>
      this.tell(audience(this.house, this.s.watchers, a, { seller: false, except: from }), (prq) => ({
        type: 'PRICE_ADJUSTMENT',
        rq: prq,
        item: a.item,
        newPrice: newCents,
        timeLeft: left,
      })),
    );
  }

  /** §5/§6/§7: close at the stored time, tell everyone, hand the sale to the closure runner. */
  closeAuction(a: Auction): void {
    const now = this.house.now();
    if (a.status !== 'open' || now < a.closesAt) return;
    const top = highestBid(a);
    const finalCents = currentPrice(a);
    const seller = this.house.account(a.seller);
    this.changeAuction({
      t: 'close',
      auctionId: a.id,
      at: now,
      closure: {
        auctionId: a.id,
        item: a.item,
        finalCents,
        rq: this.house.nextRq(),
        startedAt: now,
        deadline: now + this.house.config.informTimeoutS * 1000,
        buyer: top ? { name: top.bidder } : null,
        seller: { name: seller?.name ?? a.seller },
        state: top ? 'pending' : 'unsold',
      },
    });
    this.tell(audience(this.house, this.s.watchers, a, { seller: true }), (rq) => ({
      type: 'AUCTION_CLOSED',
      rq,
      item: a.item,
      finalPrice: finalCents,
      winner: top?.bidder ?? null,
    }));
    this.s.lifecycle.auctionClosed(a);
  }

  // ---- the two doors: public changes in, pushes out --------------------------------------------

  /** Commits a change of an auction's public state (listing, price, leader, bids, close time, close). */
  private changeAuction(change: Change): number {
    return this.house.commit(change);
  }

  /** One push about an auction to each address, with a fresh server RQ# (§6). */
  private tell(to: Addr[], build: (rq: string) => Push, label?: string): void {
    if (to.length === 0) return;
    this.s.outbox.push(to, build(this.house.nextRq()), label);
  }
}
