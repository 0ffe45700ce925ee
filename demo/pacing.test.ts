import { describe, expect, it } from '@jest/globals';
import {
  bidAmount,
  bidProbability,
  CLOSING_S,
  FakeClock,
  holdBack,
  intBetween,
  lookDelayMs,
  minimumNextBid,
  negotiationAnswer,
  phaseOf,
  pick,
  relistPrice,
  BotScheduler,
  shuffled,
  skewed,
  stepFor,
  thinkMs,
  valuation,
} from './pacing.js';
import { seededRandom } from '../shared/random.js';

/** A random source replaying fixed values (cycled). */
const fixed = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe('seededRandom', () => {
  it('is reproducible and spread over [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 2000 }, () => a());
    expect(Array.from({ length: 2000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
  });

  it('helpers stay in range', () => {
    const rng = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const n = intBetween(rng, 3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      const d = skewed(rng, 100, 200);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThan(200);
    }
    expect(intBetween(() => 0.999999, 1, 3)).toBe(3);
    expect(pick(() => 0.999999, ['a', 'b'])).toBe('b');
    expect(() => pick(rng, [])).toThrow();
    expect(shuffled(rng, [1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('timing', () => {
  it("looks again slowly while browsing, fast in an auction's last seconds", () => {
    const rng = seededRandom(7);
    const sample = (left: number | null) => Array.from({ length: 300 }, () => lookDelayMs(rng, left));
    const early = sample(null);
    const late = sample(30);
    const closing = sample(5);
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.min(...early)).toBeGreaterThanOrEqual(1200);
    expect(Math.max(...closing)).toBeLessThanOrEqual(1800);
    expect(Math.min(...closing)).toBeGreaterThanOrEqual(250);
    expect(avg(closing)).toBeLessThan(avg(late));
    expect(avg(late)).toBeLessThan(avg(early));
  });

  it('speed divides every delay', () => {
    expect(lookDelayMs(fixed(0.5), null, 2)).toBe(Math.round(lookDelayMs(fixed(0.5), null, 1) / 2));
    expect(thinkMs(fixed(0.5), 4)).toBe(Math.round(thinkMs(fixed(0.5), 1) / 4));
  });

  it('bids are likelier as the close nears; none after it', () => {
    expect(phaseOf(CLOSING_S)).toBe('closing');
    expect(phaseOf(30)).toBe('late');
    expect(phaseOf(300)).toBe('early');
    expect(bidProbability(5, 600)).toBeGreaterThan(bidProbability(30, 600));
    expect(bidProbability(30, 600)).toBeGreaterThan(bidProbability(300, 600));
    expect(bidProbability(70, 80)).toBeGreaterThan(bidProbability(300, 600)); // short auctions move faster
    expect(bidProbability(0, 600)).toBe(0);
  });
});

describe('amounts', () => {
  it('minimum next bid follows PROTOCOL.md §5', () => {
    expect(minimumNextBid(1000, false)).toBe(1000);
    expect(minimumNextBid(1000, true)).toBe(1001);
  });

  it('steps grow with the price', () => {
    expect(stepFor(1500)).toBe(50);
    expect(stepFor(5000)).toBe(100);
    expect(stepFor(30_000)).toBe(500);
    expect(stepFor(150_000)).toBe(1000);
    expect(stepFor(500_000)).toBe(2500);
  });

  it('a bid is at least the minimum and at most the limit; null past the limit', () => {
    const rng = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const min = intBetween(rng, 100, 500_000);
      const limit = min + intBetween(rng, 0, 50_000);
      const phase = pick(rng, ['early', 'late', 'closing'] as const);
      const a = bidAmount(rng, min, limit, phase);
      expect(a).not.toBeNull();
      expect(a!).toBeGreaterThanOrEqual(min);
      expect(a!).toBeLessThanOrEqual(limit);
    }
    expect(bidAmount(rng, 1001, 1000)).toBeNull();
  });

  it('rounds to a nice number, also when capped by the limit', () => {
    // early, 1 step of $1, rounded up: min $46.37 → $47.37 → $48.00
    expect(bidAmount(fixed(0, 0), 4637, 100_000, 'early')).toBe(4800);
    // capped: the limit $51.63 rounds down to $51.00
    expect(bidAmount(fixed(0.99, 0), 5000, 5163, 'early')).toBe(5100);
    // capped below a round number above the minimum: the bare minimum
    expect(bidAmount(fixed(0.99, 0), 5150, 5163, 'early')).toBe(5150);
    // closing seconds: often the bare minimum (a snipe)
    expect(bidAmount(fixed(0.1), 12_001, 20_000, 'closing')).toBe(12_001);
  });

  it('bidders hold back early in a long auction and show everything late', () => {
    expect(holdBack(0, 500)).toBeCloseTo(0.6);
    expect(holdBack(0.5, 300)).toBeCloseTo(0.8);
    expect(holdBack(0.1, 30)).toBe(1); // late phase
    expect(holdBack(0.9, 5)).toBe(1); // closing seconds
  });

  it('valuations follow appeal', () => {
    const rng = seededRandom(9);
    const avg = (appeal: 'hot' | 'normal' | 'dud') =>
      Array.from({ length: 400 }, () => valuation(rng, 10_000, appeal)).reduce((s, x) => s + x, 0) / 400;
    expect(avg('hot')).toBeGreaterThan(avg('normal'));
    expect(avg('normal')).toBeGreaterThan(avg('dud'));
    expect(avg('dud')).toBeLessThan(10_000); // mostly below the asking price: unsold unless the price comes down
  });
});

describe('sellers', () => {
  it('accepts a lower, positive price or refuses', () => {
    const rng = seededRandom(5);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const price = intBetween(rng, 2, 1_000_000);
      const a = negotiationAnswer(rng, price, 0.6);
      if (a.kind === 'accept') {
        accepted++;
        expect(a.newPrice).toBeGreaterThan(0);
        expect(a.newPrice).toBeLessThan(price);
      }
    }
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(700);
    expect(negotiationAnswer(rng, 1)).toEqual({ kind: 'refuse' });
    expect(negotiationAnswer(fixed(0.9), 10_000, 0.5)).toEqual({ kind: 'refuse' });
    // accept, cut of 10 %: $100.00 → $90.00 on a $1 step
    expect(negotiationAnswer(fixed(0, 0), 10_000, 0.5)).toEqual({ kind: 'accept', newPrice: 9000 });
  });

  it('relists an unsold item cheaper and a sold one near what it fetched', () => {
    const rng = seededRandom(8);
    for (let i = 0; i < 200; i++) {
      const unsold = relistPrice(rng, 10_000, null);
      expect(unsold).toBeLessThan(10_000);
      expect(unsold).toBeGreaterThan(6_000);
      const sold = relistPrice(rng, 10_000, 20_000);
      expect(sold).toBeGreaterThan(10_000);
      expect(sold).toBeLessThan(20_000);
    }
  });
});

describe('BotScheduler on a fake clock', () => {
  it('runs tasks in time order, also ones scheduled by tasks', () => {
    const clock = new FakeClock(1000);
    const s = new BotScheduler(clock);
    const seen: string[] = [];
    s.after(300, () => {
      seen.push(`b@${clock.now()}`);
    });
    s.after(100, () => {
      seen.push(`a@${clock.now()}`);
      s.after(50, () => {
        seen.push(`c@${clock.now()}`);
      });
    });
    clock.advance(99);
    expect(seen).toEqual([]);
    clock.advance(1000);
    expect(seen).toEqual(['a@1100', 'c@1150', 'b@1300']);
    expect(s.size).toBe(0);
  });

  it('stop() cancels everything pending and refuses new tasks', () => {
    const clock = new FakeClock();
    const s = new BotScheduler(clock);
    let ran = 0;
    s.after(10, () => {
      ran++;
    });
    s.after(20, () => {
      ran++;
    });
    expect(clock.pendingCount).toBe(2);
    s.stop();
    expect(clock.pendingCount).toBe(0);
    s.after(5, () => {
      ran++;
    });
    clock.advance(100);
    expect(ran).toBe(0);
    expect(s.isStopped).toBe(true);
  });

  it('reports a throwing or rejecting task instead of crashing', async () => {
    const clock = new FakeClock();
    const errors: string[] = [];
    const s = new BotScheduler(clock, (e) => errors.push((e as Error).message));
    s.after(1, () => {
      throw new Error('boom');
    });
    s.after(2, async () => {
      throw new Error('later');
    });
    clock.advance(5);
    await Promise.resolve();
    expect(errors).toEqual(['boom', 'later']);
  });
});
