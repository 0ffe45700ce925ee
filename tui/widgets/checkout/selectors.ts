// What the checkout pane, its keys, the header's badge and the quit question derive from the
// checkouts: which one the pane shows, what waits behind it, whether it still needs the user.
import type { Cents } from '../../../shared/protocol/index.js';
import { settlement } from '../../../shared/protocol/index.js';
import { minSec } from '../../format.js';
import { secondsUntil } from '../../state/auction-selectors.js';
import type { AuctionState } from '../../state/model.js';
import type { Checkout, CheckoutPhase, CheckoutState, ListingTemplate } from './actions.js';

const FINISHED: ReadonlySet<CheckoutPhase> = new Set<CheckoutPhase>([
  'complete',
  'shipping',
  'cancelled',
  'unsold',
  'lost',
]);

export function isFinished(c: Checkout): boolean {
  return FINISHED.has(c.phase);
}

/** Still needs the user's details (INFORM_Res not sent). */
export function needsAnswer(c: Checkout): boolean {
  return c.phase === 'opening' || c.phase === 'form';
}

/** The checkout the pane shows: the first live one not dismissed (it has a deadline), else the first finished one. */
export function current(c: CheckoutState): Checkout | null {
  let finished: Checkout | null = null;
  for (const e of c.entries) {
    if (e.dismissed) continue;
    if (!isFinished(e)) return e;
    finished ??= e;
  }
  return finished;
}

/** Checkouts waiting behind the current one. */
export function queued(c: CheckoutState): number {
  return Math.max(0, c.entries.filter((e) => !e.dismissed).length - 1);
}

/** Whole seconds left to answer (rounded up), or null before the INFORM_Req. */
export function answerSecondsLeft(e: Checkout, now: number): number | null {
  if (e.deadline === null) return null;
  return secondsUntil(e.deadline, now);
}

/** A complete template can be relisted with one key; otherwise the pane asks for what is missing. */
export function completeListing(
  t: ListingTemplate | null,
): t is { item: string; description: string; startPrice: Cents; durationS: number } {
  return !!t && t.description !== null && t.startPrice !== null && t.durationS !== null;
}

/** The seller's credit at the server's default commission (the server may be run with another),
 *  computed by the same rule as the server's transaction. */
export function sellerCredit(finalPrice: Cents): Cents {
  return settlement(finalPrice).credited;
}

/** The header badge while a checkout is off screen: what waits, and for how long. */
export function checkoutBadge(s: AuctionState): string | null {
  const c = s.checkout;
  const e = current(c);
  if (!e || (c.visible && s.modal === null)) return null;
  const more = queued(c) > 0 ? ` +${queued(c)}` : '';
  if (needsAnswer(e)) {
    const left = answerSecondsLeft(e, s.now);
    return `CHECKOUT ${e.item}${left !== null ? ` ${minSec(left)}` : ''}${more} · c`;
  }
  if (e.phase === 'sending' || e.phase === 'sent') return `CHECKOUT ${e.item} waiting${more} · c`;
  return `CHECKOUT ${e.item} ${e.phase === 'unsold' ? 'not sold' : 'done'}${more} · c`;
}

/** The pane is on screen and has the keyboard: visible, and no other prompt open over it. */
export function checkoutOnScreen(s: AuctionState): boolean {
  return s.checkout.visible && s.modal === null && s.account.kind === 'account' && current(s.checkout) !== null;
}

/** A checkout still waiting for this user's details, or for the server's outcome (quitting would lose it). */
export function liveCheckout(s: AuctionState): Checkout | null {
  return s.checkout.entries.find((e) => !isFinished(e)) ?? null;
}
