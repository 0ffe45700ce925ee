// Timers of open auctions: close at the stored close time (§5, §8 — also after a restart: an auction
// whose time passed while the server was down closes at start) and the one-time negotiation at half
// time, repeated every 2 s until answered or closed. Time_Left is always derived from closesAt.
import type { Auction } from './state/model.js';
import { currentPrice, highestBid, negotiationDueAt, shouldAskNegotiation, timeLeft } from './rules/auction-rules.js';
import { audience, pushTo, type Services } from './context.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  private timers = new Map<string, NodeJS.Timeout[]>();
  /** The pending NEGOTIATE_REQ repeat of each auction (one at a time, replaced on each repeat). */
  private repeats = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly s: Services,
    private readonly onClosed: (a: Auction) => void,
  ) {}

  /** Arm timers for every open auction (at start). */
  start(): void {
    for (const a of [...this.s.house.openAuctions()]) this.arm(a);
  }

  arm(a: Auction): void {
    this.clear(a.id);
    if (this.stopped || a.status !== 'open') return;
    const now = this.s.house.now();
    const ts: NodeJS.Timeout[] = [];
    const at = (when: number, fn: () => void): void => {
      const delay = Math.max(0, when - now);
      // Timers cap at ~24.8 days; a 30-day auction re-arms on the way.
      ts.push(delay > MAX_TIMER_MS ? setTimeout(() => this.arm(a), MAX_TIMER_MS) : setTimeout(fn, delay));
    };
    at(a.closesAt, () => this.close(a));
    if (a.negotiation === 'none' && a.bids.length === 0) at(negotiationDueAt(a), () => this.askNegotiation(a));
    if (a.negotiation === 'asked' && a.bids.length === 0) at(now, () => this.repeatNegotiation(a));
    this.timers.set(a.id, ts);
  }

  private clear(id: string): void {
    for (const t of this.timers.get(id) ?? []) clearTimeout(t);
    this.timers.delete(id);
    clearTimeout(this.repeats.get(id));
    this.repeats.delete(id);
  }

  /** §5 Negotiation: once per auction, at half time, with no bid. The decision is committed first. */
  private askNegotiation(a: Auction): void {
    const { house } = this.s;
    // A timer may fire a little before the wall-clock time it was computed from: not yet due → re-arm.
    if (a.status === 'open' && a.negotiation === 'none' && a.bids.length === 0 && house.now() < negotiationDueAt(a))
      return this.arm(a);
    if (!shouldAskNegotiation(a, house.now())) return;
    house.commit({ t: 'negotiate-asked', auctionId: a.id, rq: house.nextRq() });
    this.repeatNegotiation(a);
  }

  private repeatNegotiation(a: Auction): void {
    const { house, outbox } = this.s;
    this.repeats.delete(a.id);
    if (this.stopped || a.status !== 'open' || a.negotiation !== 'asked' || a.bids.length > 0) return;
    const seller = house.account(a.seller);
    const to = seller && house.addressOf(seller);
    if (to) {
      outbox.push(
        [to],
        {
          type: 'NEGOTIATE_REQ',
          rq: a.negotiateRq!,
          item: a.item,
          currentPrice: a.priceCents,
          timeLeft: timeLeft(a, house.now()),
        },
        'seller',
      );
    }
    clearTimeout(this.repeats.get(a.id));
    this.repeats.set(
      a.id,
      setTimeout(() => this.repeatNegotiation(a), house.config.negotiateRepeatMs),
    );
  }

  /** §5/§6/§7: close at the stored time, tell everyone, hand the sale to the closure runner. */
  close(a: Auction): void {
    const { house } = this.s;
    if (a.status !== 'open') return;
    const now = house.now();
    if (now < a.closesAt) return this.arm(a); // moved by a soft-close bid meanwhile
    this.clear(a.id);
    const top = highestBid(a);
    const finalCents = currentPrice(a);
    const seller = house.account(a.seller);
    house.commit({
      t: 'close',
      auctionId: a.id,
      at: now,
      closure: {
        auctionId: a.id,
        item: a.item,
        finalCents,
        rq: house.nextRq(),
        startedAt: now,
        deadline: now + house.config.informTimeoutS * 1000,
        buyer: top ? { name: top.bidder } : null,
        seller: { name: seller?.name ?? a.seller },
        state: top ? 'pending' : 'unsold',
      },
    });
    pushTo(this.s, audience(this.s, a, { seller: true }), (rq) => ({
      type: 'AUCTION_CLOSED',
      rq,
      item: a.item,
      finalPrice: finalCents,
      winner: top?.bidder ?? null,
    }));
    this.onClosed(a);
  }

  stop(): void {
    this.stopped = true;
    for (const id of new Set([...this.timers.keys(), ...this.repeats.keys()])) this.clear(id);
  }
}
