// Human-like pacing for the demo bots: think times, bid amounts, when to bid, when to give up, how a
// seller answers a NEGOTIATE_REQ. Pure functions over an injected random source, plus a BotScheduler over
// an injected clock, so every decision here is reproducible (--seed) and unit-testable with a fake clock.
import type { Cents } from '../shared/protocol/index.js';
import type { Random } from '../shared/random.js';

/** A uniform number in [lo, hi). */
export function uniform(rng: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** A whole number in [lo, hi] (both included). */
export function intBetween(rng: Random, lo: number, hi: number): number {
  return Math.min(hi, lo + Math.floor(rng() * (hi - lo + 1)));
}

export function chance(rng: Random, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick() from an empty list');
  return items[Math.min(items.length - 1, Math.floor(rng() * items.length))];
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A skewed delay in [lo, hi): most draws are short, a few are long — the way people pause. (The square
 * of a uniform piles up near lo.)
 */
export function skewed(rng: Random, lo: number, hi: number): number {
  const u = rng();
  return lo + (hi - lo) * u * u;
}

// ---- timing --------------------------------------------------------------------------------------

/** Phases of an auction as a bidder feels them, by seconds left. */
export type Phase = 'early' | 'late' | 'closing';
export const LATE_S = 45;
export const CLOSING_S = 12;

export function phaseOf(timeLeftS: number): Phase {
  if (timeLeftS <= CLOSING_S) return 'closing';
  if (timeLeftS <= LATE_S) return 'late';
  return 'early';
}

/**
 * How long a bidder waits before looking at the floor again (ms), given the most urgent auction it
 * cares about. Early on people browse slowly; in an auction's last seconds they hover over the button.
 * `speed` > 1 makes everything faster.
 */
export function lookDelayMs(rng: Random, urgentTimeLeftS: number | null, speed = 1): number {
  const phase = urgentTimeLeftS === null ? 'early' : phaseOf(urgentTimeLeftS);
  const ms =
    phase === 'closing' ? skewed(rng, 250, 1800) : phase === 'late' ? skewed(rng, 900, 4500) : skewed(rng, 1200, 6500);
  return Math.round(ms / speed);
}

/** A person deciding something (answering a negotiation, paying, relisting): 0.8–5 s, mostly short. */
export function thinkMs(rng: Random, speed = 1): number {
  return Math.round(skewed(rng, 800, 5000) / speed);
}

/**
 * Whether a bidder who wants an item bids on it at this look. Rare early (people watch), likely late,
 * almost certain in the closing seconds (the late burst); a leader never outbids itself.
 */
export function bidProbability(timeLeftS: number, durationS: number): number {
  if (timeLeftS <= 0) return 0;
  const phase = phaseOf(timeLeftS);
  if (phase === 'closing') return 0.85;
  if (phase === 'late') return 0.45;
  // Early: a short auction moves faster than a ten-minute one.
  return durationS <= 90 ? 0.5 : 0.3;
}

// ---- amounts -------------------------------------------------------------------------------------

/** A "nice" bid step for a price: people raise by round amounts that grow with the price. */
export function stepFor(price: Cents): Cents {
  if (price < 2_000) return 50; // under $20: 50¢
  if (price < 10_000) return 100; // under $100: $1
  if (price < 50_000) return 500; // under $500: $5
  if (price < 200_000) return 1_000; // under $2,000: $10
  return 2_500;
}

/**
 * The amount a bidder offers: the minimum next bid raised by 1–3 nice steps, sometimes rounded up to a
 * whole step, capped at the bidder's limit; null when even the minimum is above the limit (give up).
 * In the closing seconds people sometimes snipe with the bare minimum.
 */
export function bidAmount(rng: Random, minimum: Cents, limit: Cents, phase: Phase = 'early'): Cents | null {
  if (minimum > limit) return null;
  const step = stepFor(minimum);
  if (phase === 'closing' && chance(rng, 0.25)) return minimum;
  const steps = phase === 'early' ? intBetween(rng, 1, 3) : intBetween(rng, 0, 2);
  let amount = minimum + steps * step;
  // Round to the step: $47.00 rather than $46.37. Rounding up never goes below the minimum.
  if (chance(rng, 0.75)) amount = Math.ceil(amount / step) * step;
  if (amount <= limit) return amount;
  // Over the limit: the most the bidder will go to, on a round number if that still beats the minimum.
  const roundLimit = Math.floor(limit / step) * step;
  return roundLimit >= minimum ? roundLimit : minimum;
}

/** The minimum next bid (PROTOCOL.md §5): the current price with no bid yet, else highest + 0.01. */
export function minimumNextBid(price: Cents, hasBid: boolean): Cents {
  return hasBid ? price + 1 : price;
}

/**
 * What a bidder would pay at most for an item, as a multiple of its asking price. `appeal` is the item's
 * pull: hot items draw valuations well above the asking price, duds mostly below it (so they go unsold
 * or only sell after a negotiated price cut).
 */
export type Appeal = 'hot' | 'normal' | 'dud';
export function valuation(rng: Random, askingPrice: Cents, appeal: Appeal): Cents {
  const [lo, hi] = appeal === 'hot' ? [1.25, 2.6] : appeal === 'normal' ? [0.9, 1.7] : [0.55, 1.05];
  return Math.round(askingPrice * uniform(rng, lo, hi));
}

/**
 * How much of its limit a bidder is willing to show by now: early on people hold back (so a long auction
 * climbs over its whole duration instead of jumping to its final price in the first minute); from the
 * late phase on, everything.
 */
export function holdBack(elapsedFraction: number, timeLeftS: number): number {
  if (phaseOf(timeLeftS) !== 'early') return 1;
  const f = Math.min(1, Math.max(0, elapsedFraction));
  return 0.6 + 0.4 * f;
}

/** After being outbid, a bidder sometimes just loses interest (the budget is not the only reason people stop). */
export function losesInterest(rng: Random): boolean {
  return chance(rng, 0.08);
}

// ---- sellers -------------------------------------------------------------------------------------

export type NegotiationAnswer = { kind: 'accept'; newPrice: Cents } | { kind: 'refuse' };

/**
 * A seller's answer to NEGOTIATE_REQ: usually accept a cut of 10–35 % (rounded to a nice step, always
 * strictly below the current price and above zero), sometimes refuse.
 */
export function negotiationAnswer(rng: Random, currentPrice: Cents, acceptRate = 0.65): NegotiationAnswer {
  if (currentPrice <= 1 || !chance(rng, acceptRate)) return { kind: 'refuse' };
  const cut = uniform(rng, 0.1, 0.35);
  const step = stepFor(currentPrice);
  let price = Math.floor((currentPrice * (1 - cut)) / step) * step;
  if (price <= 0 || price >= currentPrice) price = Math.max(1, Math.floor(currentPrice * (1 - cut)));
  if (price >= currentPrice) return { kind: 'refuse' };
  return { kind: 'accept', newPrice: price };
}

/** Asking price when an item is listed again: a sold item near what it fetched, an unsold one cheaper. */
export function relistPrice(rng: Random, previousStart: Cents, finalPrice: Cents | null): Cents {
  const base = finalPrice === null ? previousStart * uniform(rng, 0.7, 0.9) : finalPrice * uniform(rng, 0.55, 0.85);
  const step = stepFor(base);
  return Math.max(step, Math.round(base / step) * step);
}

// ---- clock and scheduler ---------------------------------------------------------------------------

/** The clock the bots run on: real timers in the demo, a fake one in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Runs tasks after delays and forgets them when done; stop() cancels everything pending, so shutting
 * the demo down leaves no timer behind. A task that throws (or rejects) is reported, never crashes.
 */
export class BotScheduler {
  private readonly pending = new Map<number, unknown>();
  private nextId = 1;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  after(ms: number, task: () => void | Promise<void>): void {
    if (this.stopped) return;
    const id = this.nextId++;
    const handle = this.clock.setTimeout(
      () => {
        this.pending.delete(id);
        if (this.stopped) return;
        try {
          const r = task();
          if (r && typeof r.catch === 'function') r.catch(this.onError);
        } catch (err) {
          this.onError(err);
        }
      },
      Math.max(0, ms),
    );
    this.pending.set(id, handle);
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.pending.values()) this.clock.clearTimeout(h);
    this.pending.clear();
  }
}

/** A fake clock for tests: time moves only when advance() is called, firing due timers in order. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  get pendingCount(): number {
    return this.timers.length;
  }

  /** Moves time forward by ms, firing every timer that falls due (also ones scheduled meanwhile). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}
