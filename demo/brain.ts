// What a bot bidder decides at each look at the floor: which auctions it cares about and up to what
// price, whether to bid now and how much, when to give up, and when to look again. Pure over the
// FloorPicture, an injected Random and the time passed in, so it is unit-tested without sockets or timers.
import type { Cents } from '../shared/protocol/index.js';
import type { Lot, FloorPicture } from './floor-picture.js';
import {
  bidAmount,
  bidProbability,
  chance,
  holdBack,
  losesInterest,
  lookDelayMs,
  minimumNextBid,
  phaseOf,
  shuffled,
  skewed,
  uniform,
  valuation,
} from './pacing.js';
import type { Random } from '../shared/random.js';
import type { BidderPersona } from './seed.js';

export interface Interest {
  /** The most this bidder pays for the lot; null: not interested at all. */
  limit: Cents | null;
  /** Before this moment the bidder has not noticed the lot. */
  noticeAt: number;
}

export type GiveUpReason = 'too expensive' | 'over budget' | 'lost interest';

export interface Decision {
  bid: { lot: Lot; amount: Cents } | null;
  gaveUp: Array<{ lot: Lot; reason: GiveUpReason }>;
  /** When to look again (ms from now). */
  nextLookMs: number;
}

/** Below this many seconds left a bid would likely arrive after the close: people stop trying. */
const TOO_LATE_S = 0.4;

export class BidderBrain {
  private readonly interests = new Map<number, Interest>();
  private readonly gaveUp = new Set<number>();

  constructor(
    readonly persona: BidderPersona,
    private readonly rng: Random,
    private readonly speed = 1,
  ) {}

  /** Decided once per lot, at first sight: interested or not, the price limit, when it gets noticed. */
  interestIn(lot: Lot): Interest {
    let it = this.interests.get(lot.id);
    if (it) return it;
    const likes = lot.category === null || this.persona.likes.includes(lot.category);
    const interested = chance(this.rng, likes ? 0.85 : 0.25);
    const limit = interested
      ? Math.round(valuation(this.rng, lot.startPrice, lot.appeal) * this.persona.eagerness)
      : null;
    // A sleepy lot goes unnoticed until after half time (so the server's NEGOTIATE_REQ happens);
    // otherwise most bidders notice within seconds, a few only later.
    const durationMs = lot.durationS * 1000;
    const delayMs = lot.sleepy
      ? uniform(this.rng, 0.55, 0.85) * durationMs
      : skewed(this.rng, 0, Math.min(0.2 * durationMs, 40_000));
    it = { limit, noticeAt: lot.listedAt + delayMs };
    this.interests.set(lot.id, it);
    return it;
  }

  hasGivenUp(lot: Lot): boolean {
    return this.gaveUp.has(lot.id);
  }

  /** Someone outbid us on this lot: occasionally that is enough to walk away. Returns true if so. */
  outbid(lot: Lot): boolean {
    if (this.gaveUp.has(lot.id) || !this.interests.get(lot.id)?.limit) return false;
    if (!losesInterest(this.rng)) return false;
    this.gaveUp.add(lot.id);
    return true;
  }

  /** One look at the floor: at most one bid (people do one thing at a time), and any give-ups. */
  decide(market: FloorPicture, now: number): Decision {
    const me = this.persona.name;
    const committed = market.committed(me, now);
    const gaveUp: Decision['gaveUp'] = [];
    let bid: Decision['bid'] = null;
    let urgent: number | null = null;

    for (const lot of shuffled(this.rng, market.open(now))) {
      if (lot.seller !== null && lot.seller.toLowerCase() === me.toLowerCase()) continue;
      if (this.gaveUp.has(lot.id)) continue;
      const it = this.interestIn(lot);
      if (it.limit === null || now < it.noticeAt) continue;
      const left = (lot.closesAt - now) / 1000;
      if (lot.leader !== null && lot.leader.toLowerCase() === me.toLowerCase()) {
        urgent = urgent === null ? left : Math.min(urgent, left); // keep an eye on it
        continue;
      }
      const minimum = minimumNextBid(lot.price, lot.hasBid);
      if (minimum > it.limit) {
        this.gaveUp.add(lot.id);
        gaveUp.push({ lot, reason: 'too expensive' });
        continue;
      }
      const affordable = this.persona.budget - committed;
      if (minimum > affordable) {
        this.gaveUp.add(lot.id);
        gaveUp.push({ lot, reason: 'over budget' });
        continue;
      }
      if (left < TOO_LATE_S) continue;
      urgent = urgent === null ? left : Math.min(urgent, left);
      if (bid) continue;
      // Holding back: willing to go higher, but not yet.
      const elapsed = (now - lot.listedAt) / (lot.durationS * 1000);
      const willShow = Math.min(affordable, Math.round(it.limit * holdBack(elapsed, left)));
      if (minimum > willShow) continue;
      if (!chance(this.rng, bidProbability(left, lot.durationS))) continue;
      const amount = bidAmount(this.rng, minimum, willShow, phaseOf(left));
      if (amount !== null) bid = { lot, amount };
    }
    return { bid, gaveUp, nextLookMs: lookDelayMs(this.rng, urgent, this.speed) };
  }
}
