// What the price question derives: the questions waiting behind the one on screen, the asked
// auction's close time, and whether the prompt takes keys yet.
import type { AuctionState } from '../../state/model.js';
import { NEGOTIATION_ARM_MS } from '../../state/model.js';

/** Questions waiting for an answer (not the one on screen), by item name. */
export function waitingNegotiations(s: AuctionState): string[] {
  const open = s.modal?.kind === 'negotiate' ? s.modal.item.toLowerCase() : null;
  const { requests, answered } = s.negotiation;
  return Object.keys(requests)
    .filter((k) => k !== open && answered[k] !== requests[k].rq)
    .sort();
}

/** The close time of the asked auction: the table's when known, else the request's. */
export function negotiationClosesAt(s: AuctionState, item: string): number | null {
  const key = item.toLowerCase();
  const a = s.auctions.get(key);
  return a ? a.closesAt : (s.negotiation.closesAt[key] ?? null);
}

/** The price question on screen takes keys once it has been there a moment (by the store's clock). */
export function negotiationArmed(s: AuctionState): boolean {
  return s.modal?.kind === 'negotiate' && s.now - s.modal.openedAt >= NEGOTIATION_ARM_MS;
}
