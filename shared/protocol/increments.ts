// Bid increments (PROTOCOL.md §5 Bids, v1.1): how much a new bid must beat the highest one by, and how
// far an automatic (proxy) bid goes above the second-highest maximum. Pure, shared by the server (its
// rules), the client core (the minimum next bid it offers) and the TUI.
import type { Cents } from './messages.js';

/** `cent`: always 0.01 (the default and the course rule); `ebay`: by the highest bid's band. */
export type IncrementPolicy = 'cent' | 'ebay';
export const INCREMENT_POLICIES: readonly IncrementPolicy[] = ['cent', 'ebay'];

/** eBay's bands (§5): below `under` cents (null: no upper bound), the increment is `step` cents. */
export const EBAY_BANDS: ReadonlyArray<{ under: Cents | null; step: Cents }> = [
  { under: 1_00, step: 5 },
  { under: 5_00, step: 25 },
  { under: 25_00, step: 50 },
  { under: 100_00, step: 1_00 },
  { under: 250_00, step: 2_50 },
  { under: 500_00, step: 5_00 },
  { under: 1_000_00, step: 10_00 },
  { under: 2_500_00, step: 25_00 },
  { under: 5_000_00, step: 50_00 },
  { under: null, step: 100_00 },
];

/** The increment above a highest bid of `highest` cents. */
export function increment(policy: IncrementPolicy, highest: Cents): Cents {
  if (policy === 'cent') return 1;
  for (const band of EBAY_BANDS) if (band.under === null || highest < band.under) return band.step;
  return EBAY_BANDS[EBAY_BANDS.length - 1].step; // unreachable: the last band has no upper bound
}

/**
 * The least a new bid may be (§5): the current (asking) price while the auction has no bid, else the
 * highest bid + its increment.
 */
export function minimumNextBid(policy: IncrementPolicy, price: Cents, hasBid: boolean): Cents {
  return hasBid ? price + increment(policy, price) : price;
}

/** Whether a text names a policy (`--increments`, a TUI flag). */
export function isIncrementPolicy(text: string): text is IncrementPolicy {
  return (INCREMENT_POLICIES as readonly string[]).includes(text);
}
