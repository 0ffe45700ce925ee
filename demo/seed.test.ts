import { describe, expect, it } from '@jest/globals';
import { fields } from '../shared/protocol/index.js';
import { paymentProblem } from '../shared/client/checkout-session.js';
import { seededRandom } from '../shared/random.js';
import {
  askingPrice,
  BIDDERS,
  durationFor,
  ITEMS,
  MAX_DURATION_S,
  MIN_DURATION_S,
  openingPlan,
  SELLERS,
  sellerFor,
  TEST_CARD,
  testExpiry,
} from './seed.js';

describe('the item pool and personas', () => {
  it('every item is valid on the wire (PROTOCOL.md §2) and names are unique', () => {
    const names = new Set<string>();
    for (const item of ITEMS) {
      expect(fields.name(item.name)).toMatchObject({ ok: true });
      expect(fields.freeText(item.description)).toMatchObject({ ok: true });
      expect(item.price).toBeGreaterThan(0);
      expect(names.has(item.name.toLowerCase())).toBe(false);
      names.add(item.name.toLowerCase());
    }
    expect(ITEMS.length).toBeGreaterThanOrEqual(20); // room to relist without emptying the floor
    expect(new Set(ITEMS.map((i) => i.appeal))).toEqual(new Set(['hot', 'normal', 'dud']));
  });

  it('bot names are valid account names, unique, and every category has a seller', () => {
    const all = [...SELLERS, ...BIDDERS].map((p) => p.name);
    for (const n of all) expect(fields.accountName(n)).toMatchObject({ ok: true });
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(all.length);
    for (const item of ITEMS) expect(SELLERS.some((s) => s.categories.includes(item.category))).toBe(true);
    expect(sellerFor(seededRandom(1), ITEMS[0]).categories).toContain(ITEMS[0].category);
  });

  it("the test card and expiry pass the client's own payment check", () => {
    const now = new Date(2026, 10, 24);
    expect(testExpiry(now)).toBe('11/28');
    for (const p of [...SELLERS, ...BIDDERS]) {
      expect(
        paymentProblem({ name: p.name, card: TEST_CARD, expiry: testExpiry(now), address: p.address }, now.getTime()),
      ).toBeNull();
    }
  });
});

describe('opening plan', () => {
  it('is reproducible for a seed and different for another', () => {
    const a = openingPlan(seededRandom(11), 10);
    expect(openingPlan(seededRandom(11), 10)).toEqual(a);
    expect(openingPlan(seededRandom(12), 10)).not.toEqual(a);
  });

  it('distinct items, durations from 30 s to 10 min, two that finish early, sensible prices', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = seededRandom(seed);
      const plan = openingPlan(rng, 8 + (seed % 5));
      expect(plan).toHaveLength(8 + (seed % 5));
      expect(new Set(plan.map((l) => l.item.name)).size).toBe(plan.length);
      for (const l of plan) {
        expect(l.duration).toBeGreaterThanOrEqual(MIN_DURATION_S);
        expect(l.duration).toBeLessThanOrEqual(MAX_DURATION_S);
        expect(l.startPrice).toBeGreaterThanOrEqual(l.item.price * 0.8);
        expect(l.startPrice).toBeLessThanOrEqual(l.item.price * 1.2);
        expect(SELLERS.map((s) => s.name)).toContain(l.seller);
      }
      expect(plan.filter((l) => l.duration <= 75).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('speed shortens durations', () => {
    const rng = seededRandom(3);
    for (let i = 0; i < 100; i++) {
      const d = durationFor(rng, 2);
      expect(d).toBeGreaterThanOrEqual(MIN_DURATION_S / 2);
      expect(d).toBeLessThanOrEqual(MAX_DURATION_S / 2);
    }
  });

  it('asking prices are round numbers near the usual price', () => {
    const rng = seededRandom(4);
    for (const item of ITEMS) {
      const p = askingPrice(rng, item);
      expect(p % 100).toBe(0);
      expect(Math.abs(p - item.price) / item.price).toBeLessThan(0.2);
    }
  });
});
