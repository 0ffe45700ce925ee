// The demo's bot parties on real sockets: sellers who list, relist and answer NEGOTIATE_REQ; bidders
// with budgets and tastes who bid at human pace (with late bursts) and give up; both complete the TCP
// checkout with a valid test card. A watcher client keeps the shared FloorPicture up to date.
import { AuctionClient } from '../shared/client/auction-client.js';
import type { CheckoutSession, ClientOptions, Identity, ServerAddress } from '../shared/client/types.js';
import { formatMoney } from '../shared/protocol/index.js';
import type { Cents, NegotiateReq, Push } from '../shared/protocol/index.js';
import { BidderBrain } from './brain.js';
import { FloorPicture, type Lot } from './floor-picture.js';
import {
  chance,
  intBetween,
  negotiationAnswer,
  pick,
  realClock,
  relistPrice,
  BotScheduler,
  thinkMs,
  uniform,
  type Clock,
} from './pacing.js';
import type { Random } from '../shared/random.js';
import {
  askingPrice,
  BIDDERS,
  durationFor,
  ITEMS,
  openingPlan,
  SELLERS,
  sellerFor,
  TEST_CARD,
  testExpiry,
  type BidderPersona,
  type ItemSpec,
  type SellerPersona,
} from './seed.js';

export interface FloorOptions {
  /** The server, or the servers of one house (every bot moves to the next when one stops answering). */
  server: ClientOptions['server'];
  rng: Random;
  clock?: Clock;
  /** > 1: everything faster (think times and auction durations). */
  speed?: number;
  /** Auctions kept on the floor (8–12 by default, drawn from rng). */
  auctions?: number;
  sellers?: readonly SellerPersona[];
  bidders?: readonly BidderPersona[];
  items?: readonly ItemSpec[];
  /** One line per bot action (a log file in the demo; stdout with --no-tui). */
  log?: (line: string) => void;
  /**
   * Chance that nobody notices a new listing before half time (so the server asks its seller to negotiate); default by
   * appeal.
   */
  sleepyRate?: number;
  /** Passed to every bot's AuctionClient (e.g. faster retries in tests). */
  client?: Partial<ClientOptions>;
}

export interface FloorStats {
  listed: number;
  bids: number;
  rejectedBids: number;
  gaveUp: number;
  negotiationsAccepted: number;
  negotiationsRefused: number;
  paid: number;
  completed: number;
  closed: number;
}

const money = (c: Cents) => `$${formatMoney(c)}`;
/** A denial's reason, or the reply's type. */
const why = (reply: { type: string }): string => ('reason' in reply ? String(reply.reason) : reply.type);
/** A valid secret ([A-Za-z0-9_-]{16,64}) derived from the name: the demo's accounts are throwaway. */
export const secretFor = (name: string) => `${name.replace(/[^A-Za-z0-9_-]/g, '_')}-demo-secret-2026`.padEnd(16, '0');

interface Party<P> {
  persona: P;
  client: AuctionClient;
}

export class DemoFloor {
  readonly market = new FloorPicture();
  readonly stats: FloorStats = {
    listed: 0,
    bids: 0,
    rejectedBids: 0,
    gaveUp: 0,
    negotiationsAccepted: 0,
    negotiationsRefused: 0,
    paid: 0,
    completed: 0,
    closed: 0,
  };
  readonly target: number;
  private readonly clock: Clock;
  private readonly speed: number;
  private readonly rng: Random;
  private readonly scheduler: BotScheduler;
  private readonly log: (line: string) => void;
  private readonly items: readonly ItemSpec[];
  private observer: AuctionClient | null = null;
  private readonly sellers = new Map<string, Party<SellerPersona>>();
  private readonly bidders = new Map<string, Party<BidderPersona> & { brain: BidderBrain }>();
  /** Item name (lowercase) → when it may be listed again, and what it did last time. */
  private readonly resting = new Map<string, { until: number; lastStart: Cents; lastFinal: Cents | null }>();
  /** Item names being listed right now (LIST_ITEM in flight). */
  private readonly listing = new Set<string>();
  private stopped = false;
  private opened = false;
  private readonly pauses = new Set<() => void>();

  private constructor(private readonly opts: FloorOptions) {
    this.clock = opts.clock ?? realClock;
    this.speed = opts.speed ?? 1;
    this.rng = opts.rng;
    this.log = opts.log ?? (() => undefined);
    this.items = opts.items ?? ITEMS;
    this.scheduler = new BotScheduler(this.clock, (err) =>
      this.log(`bot error: ${(err as Error)?.message ?? String(err)}`),
    );
    this.target = opts.auctions ?? intBetween(this.rng, 8, 12);
  }

  /** Connects every bot, seeds the opening auctions, and starts the bidders and the floor keeper. */
  static async start(opts: FloorOptions): Promise<DemoFloor> {
    const floor = await DemoFloor.connect(opts);
    await floor.open();
    return floor;
  }

  /** Connects every bot (nothing is listed yet: see open()). */
  static async connect(opts: FloorOptions): Promise<DemoFloor> {
    const floor = new DemoFloor(opts);
    try {
      await floor.connectAll();
    } catch (err) {
      await floor.stop();
      throw err;
    }
    return floor;
  }

  /**
   * Opens the floor: the sellers list the opening auctions one after another (a few hundred ms apart,
   * as people would), the bidders start looking, the keeper starts relisting. Resolves once every
   * opening auction is listed.
   */
  async open(): Promise<void> {
    if (this.opened) throw new Error('open() may be called once');
    this.opened = true;
    for (const b of this.bidders.values()) {
      this.scheduler.after(Math.round(uniform(this.rng, 300, 2500) / this.speed), () => this.look(b));
    }
    const plan = openingPlan(this.rng, this.target, this.speed, this.items);
    for (const [i, l] of plan.entries()) {
      if (this.stopped) return;
      if (i > 0) await this.pause(Math.round(uniform(this.rng, 100, 450) / this.speed));
      if (this.stopped) return;
      await this.list(
        l.item,
        this.sellers.get(l.seller) ?? pick(this.rng, [...this.sellers.values()]),
        l.startPrice,
        l.duration,
      );
    }
    this.scheduler.after(this.keeperDelay(), () => this.keepFloor());
  }

  /** Waits ms on the floor's clock; resolves at once when the floor stops. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.pauses.add(resolve);
      this.scheduler.after(ms, () => {
        this.pauses.delete(resolve);
        resolve();
      });
    });
  }

  /** Cancels every timer and closes every bot's sockets. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.scheduler.stop();
    for (const resolve of this.pauses) resolve();
    this.pauses.clear();
    const clients = [
      this.observer,
      ...[...this.sellers.values()].map((p) => p.client),
      ...[...this.bidders.values()].map((p) => p.client),
    ];
    await Promise.all(clients.flatMap((c) => (c ? [c.close()] : [])));
  }

  get sellerNames(): string[] {
    return [...this.sellers.keys()];
  }

  get bidderNames(): string[] {
    return [...this.bidders.keys()];
  }

  // ---- setup ------------------------------------------------------------------------------------

  private async connectAll(): Promise<void> {
    const base: ClientOptions = { server: this.opts.server, catalogEveryMs: 0, ...this.opts.client };
    // The servers of a house: the bots spread across them, each starting on the next (and moving on from there).
    const house = Array.isArray(this.opts.server) ? (this.opts.server as readonly ServerAddress[]) : null;
    let next = 0;
    const party = async (name: string, role: 'buyer' | 'seller') => {
      const identity: Identity = { name, role, secret: secretFor(name) };
      const k = next++ % (house?.length ?? 1);
      const server = house ? [...house.slice(k), ...house.slice(0, k)] : base.server;
      return AuctionClient.create({ ...base, server, identity, register: true });
    };
    this.observer = await AuctionClient.create({ ...base, watch: true, catalogEveryMs: 5000 });
    this.observer.on('push', (m) => this.heard(m));
    this.observer.on('catalog', (entries) => {
      for (const lot of this.market.catalog(entries, this.clock.now())) this.closedQuietly(lot);
    });
    const sellers = await Promise.all(
      (this.opts.sellers ?? SELLERS).map(async (persona) => ({ persona, client: await party(persona.name, 'seller') })),
    );
    for (const s of sellers) {
      this.sellers.set(s.persona.name, s);
      s.client.on('push', (m) => {
        if (m.type === 'NEGOTIATE_REQ') this.negotiate(s, m);
      });
      s.client.on('checkout', (c) => this.sellerCheckout(s, c));
    }
    const bidders = await Promise.all(
      (this.opts.bidders ?? BIDDERS).map(async (persona) => ({ persona, client: await party(persona.name, 'buyer') })),
    );
    for (const b of bidders) {
      const bidder = { ...b, brain: new BidderBrain(b.persona, this.rng, this.speed) };
      this.bidders.set(b.persona.name, bidder);
      b.client.on('checkout', (c) => this.bidderCheckout(bidder, c));
    }
    if (this.stopped) throw new Error('stopped while connecting');
  }

  // ---- sellers ------------------------------------------------------------------------------------

  private async list(
    item: ItemSpec,
    seller: Party<SellerPersona>,
    startPrice: Cents,
    duration: number,
  ): Promise<boolean> {
    const k = item.name.toLowerCase();
    if (this.listing.has(k)) return false;
    this.listing.add(k);
    try {
      const out = await seller.client.listItem(item.name, item.description, startPrice, duration);
      if (this.stopped || !out.ok) return false;
      if (out.reply.type !== 'ITEM_LISTED') {
        this.log(`${seller.persona.name} could not list ${item.name}: ${why(out.reply)}`);
        // Most likely its last sale is still being paid for: try it again later.
        this.resting.set(k, {
          ...(this.resting.get(k) ?? { lastStart: startPrice, lastFinal: null }),
          until: this.clock.now() + 60_000 / this.speed,
        });
        return false;
      }
      const sleepyOdds = this.opts.sleepyRate ?? (item.appeal === 'dud' ? 0.6 : item.appeal === 'normal' ? 0.25 : 0.1);
      this.market.listed(
        {
          item: item.name,
          description: item.description,
          startPrice,
          durationS: duration,
          seller: seller.persona.name,
          category: item.category,
          appeal: item.appeal,
          sleepy: chance(this.rng, sleepyOdds),
        },
        this.clock.now(),
      );
      this.resting.delete(k);
      this.stats.listed++;
      this.log(`${seller.persona.name} lists ${item.name} at ${money(startPrice)} for ${duration} s`);
      return true;
    } finally {
      this.listing.delete(k);
    }
  }

  /** Every few seconds: below the target, list one item (a fresh one, or one that sold or went unsold before). */
  private async keepFloor(): Promise<void> {
    try {
      const now = this.clock.now();
      if (this.market.open(now).length < this.target) {
        const available = this.items.filter(
          (i) =>
            !this.market.has(i.name) &&
            !this.listing.has(i.name.toLowerCase()) &&
            (this.resting.get(i.name.toLowerCase())?.until ?? 0) <= now,
        );
        if (available.length > 0) {
          const item = pick(this.rng, available);
          const past = this.resting.get(item.name.toLowerCase());
          const price = past ? relistPrice(this.rng, past.lastStart, past.lastFinal) : askingPrice(this.rng, item);
          const seller = this.sellers.get(
            sellerFor(
              this.rng,
              item,
              [...this.sellers.values()].map((s) => s.persona),
            ).name,
          )!;
          if (past)
            this.log(
              `${seller.persona.name} relists ${item.name} (${past.lastFinal === null ? 'unsold' : `sold for ${money(past.lastFinal)}`} last time)`,
            );
          await this.list(item, seller, price, durationFor(this.rng, this.speed));
        }
      }
    } finally {
      this.scheduler.after(this.keeperDelay(), () => this.keepFloor());
    }
  }

  private keeperDelay(): number {
    return Math.round(uniform(this.rng, 3000, 9000) / this.speed);
  }

  private negotiate(s: Party<SellerPersona>, m: NegotiateReq): void {
    this.log(`server asks ${s.persona.name} to lower ${m.item} (${money(m.currentPrice)}, no bids)`);
    this.scheduler.after(thinkMs(this.rng, this.speed), async () => {
      const answer = negotiationAnswer(this.rng, m.currentPrice, s.persona.acceptRate);
      if (answer.kind === 'accept') {
        const out = await s.client.accept(m.rq, m.item, answer.newPrice);
        if (this.stopped || !out.ok) return;
        if (out.reply.type === 'PRICE_ADJUSTMENT') {
          this.stats.negotiationsAccepted++;
          const lot = this.market.get(m.item);
          if (lot && !lot.hasBid) lot.price = answer.newPrice;
          this.log(`${s.persona.name} accepts ${money(answer.newPrice)} for ${m.item}`);
        } else {
          this.log(`${s.persona.name}'s price cut on ${m.item} denied: ${why(out.reply)}`);
        }
      } else {
        const out = await s.client.refuse(m.rq, m.item);
        if (this.stopped || !out.ok) return;
        if (out.reply.type === 'REFUSED') this.stats.negotiationsRefused++;
        this.log(`${s.persona.name} refuses to lower ${m.item}`);
      }
    });
  }

  private sellerCheckout(s: Party<SellerPersona>, c: CheckoutSession): void {
    const o = c.opening;
    if (o.type === 'NON_OFFER') {
      this.log(`${s.persona.name}: ${o.item} did not sell`);
      return;
    }
    if (o.type === 'SOLD') this.settle(s.persona, c);
  }

  // ---- bidders ------------------------------------------------------------------------------------

  private async look(b: Party<BidderPersona> & { brain: BidderBrain }): Promise<void> {
    let next = 2000;
    try {
      const d = b.brain.decide(this.market, this.clock.now());
      next = d.nextLookMs;
      for (const g of d.gaveUp) {
        this.stats.gaveUp++;
        this.log(`${b.persona.name} gives up on ${g.lot.item} (${g.reason}, at ${money(g.lot.price)})`);
      }
      if (d.bid) {
        const { lot, amount } = d.bid;
        const out = await b.client.bid(lot.item, amount);
        if (this.stopped || !out.ok) return;
        if (out.reply.type === 'BID_ACCEPTED') {
          this.stats.bids++;
          this.market.bidAccepted(lot.item, b.persona.name, amount);
          this.log(`${b.persona.name} bids ${money(amount)} on ${lot.item}`);
        } else {
          this.stats.rejectedBids++;
          this.log(`${b.persona.name}'s bid ${money(amount)} on ${lot.item} rejected: ${why(out.reply)}`);
        }
      }
    } finally {
      this.scheduler.after(next, () => this.look(b));
    }
  }

  private bidderCheckout(b: Party<BidderPersona>, c: CheckoutSession): void {
    if (c.opening.type !== 'WINNER') return;
    this.log(`${b.persona.name} won ${c.opening.item} for ${money(c.opening.finalPrice)}`);
    this.settle(b.persona, c);
  }

  /** Follows a sale's checkout and, after a pause to think, pays. */
  private settle(party: { name: string; address: string }, c: CheckoutSession): void {
    this.follow(party.name, c);
    this.scheduler.after(thinkMs(this.rng, this.speed), () => this.pay(party.name, party.address, c));
  }

  /** INFORM_Res with the test card, through the checkout session API (the way a person would). */
  private async pay(name: string, address: string, c: CheckoutSession): Promise<void> {
    try {
      await c.inform({ name, card: TEST_CARD, expiry: testExpiry(new Date(this.clock.now())), address });
      this.stats.paid++;
    } catch (err) {
      if (!this.stopped) this.log(`${name} could not pay: ${(err as Error).message}`);
    }
  }

  private follow(name: string, c: CheckoutSession): void {
    c.on('message', (m) => {
      if (m.type === 'PURCHASE_COMPLETE') {
        this.stats.completed++;
        this.log(`${name}: purchase of ${m.item} complete (${money(m.finalPrice)})`);
      } else if (m.type === 'Shipping_Info') {
        this.log(`${name}: ship to ${m.buyer}, ${m.address}`);
      } else if (m.type === 'CANCEL') {
        this.log(`${name}: sale cancelled: ${m.reason}`);
      }
    });
  }

  // ---- the watcher ---------------------------------------------------------------------------------

  private heard(m: Push): void {
    const now = this.clock.now();
    const before = this.market.get(m.item);
    const previousLeader = before?.leader ?? null;
    const closed = this.market.apply(m, now);
    if (m.type === 'BID_UPDATE' && previousLeader && previousLeader !== m.bidder) {
      const outbid = this.bidders.get(previousLeader);
      const lot = this.market.get(m.item);
      if (outbid && lot && outbid.brain.outbid(lot)) {
        this.stats.gaveUp++;
        this.log(`${previousLeader} loses interest in ${m.item} after being outbid`);
      }
    }
    if (m.type === 'AUCTION_CLOSED' && closed) {
      this.stats.closed++;
      this.log(m.winner ? `${m.item} sold to ${m.winner} for ${money(m.finalPrice)}` : `${m.item} closed unsold`);
      this.rest(closed, m.winner ? m.finalPrice : null);
    }
  }

  /** A lot that vanished from the catalog without our hearing AUCTION_CLOSED. */
  private closedQuietly(lot: Lot): void {
    this.rest(lot, lot.hasBid ? lot.price : null);
  }

  /** A closed item may come back on the floor after a while (at a price that follows how it did). */
  private rest(lot: Lot, final: Cents | null): void {
    if (!this.items.some((i) => i.name.toLowerCase() === lot.item.toLowerCase())) return;
    const pause = (final === null ? uniform(this.rng, 15_000, 40_000) : uniform(this.rng, 30_000, 90_000)) / this.speed;
    this.resting.set(lot.item.toLowerCase(), {
      until: this.clock.now() + pause,
      lastStart: lot.startPrice,
      lastFinal: final,
    });
  }
}
