// What the bid prompt asks before sending: whether an amount is large enough for a second key.
import type { Cents } from '../../../shared/protocol/index.js';
import { money } from '../../format.js';
import type { Auction, Settings } from '../../state/model.js';

/**
 * Why a bid (or maximum) of `amount` on `a` deserves a second key, or null: at least confirmRatio × the
 * current price, or at least confirmAboveCents above it (the settings; --no-confirm turns it off).
 */
export function bidNeedsConfirm(amount: Cents, a: Auction, settings: Settings): string | null {
  if (!settings.confirm) return null;
  const price = a.currentPrice;
  const ratio = price > 0 ? amount / price : Number.POSITIVE_INFINITY;
  if (ratio >= settings.confirmRatio) {
    const times = ratio >= 10 ? Math.round(ratio).toString() : (Math.floor(ratio * 10) / 10).toString();
    return `${times}× the current price ${money(price)}`;
  }
  if (amount - price >= settings.confirmAboveCents)
    return `${money(amount - price)} above the current price ${money(price)}`;
  return null;
}
