// Seller mode: the server's price question. At half time with no bid the server sends the seller
// NEGOTIATE_REQ (repeated every 2 s, same RQ#, until answered or closed); the prompt offers a new
// price (10% lower by default): Enter sends ACCEPT, `r` REFUSE, Esc puts the question aside (`n`
// brings it back).
//
// Two slice reducers, one owner each: reduceNegotiation owns the questions (state.negotiation: what
// was asked, answered, put aside, and when it lapses); reducePricePrompt owns the prompt in the modal
// slot (what is typed, and the answer in flight). The prompt arms from the store's clock: it takes
// keys NEGOTIATION_ARM_MS after it appeared (selectors.ts: negotiationArmed).
import { formatMoney } from '../../../shared/protocol/index.js';
import type { Cents } from '../../../shared/protocol/index.js';
import { money } from '../../format.js';
import { note, result, same, shout, status, unchanged, without } from '../../state/helpers.js';
import type { Action, AuctionState, Modal, Note, SliceResult } from '../../state/model.js';
import { NEGOTIATION_GRACE_MS } from '../../state/model.js';
import { checkoutOnScreen } from '../checkout/selectors.js';
import { waitingNegotiations } from './selectors.js';
import type { WidgetModel } from '../widget.js';
import type { NegotiateTypes, NegotiationModal, NegotiationState } from './actions.js';

export const INITIAL_NEGOTIATION: NegotiationState = { requests: {}, answered: {}, later: {}, closesAt: {} };

/** The suggested new price: 10% lower, rounded to the cent. */
export function suggestedPrice(price: Cents): Cents {
  return Math.round(price * 0.9);
}

/** Why a price question no longer applies, or null while it does. */
function lapsed(s: AuctionState, key: string, now: number, action: Action): string | null {
  const a = s.auctions.get(key);
  if (a?.closed) return 'the auction closed';
  if (a && a.bidCount > 0) return 'it has a bid now';
  const closesAt = a ? a.closesAt : s.negotiation.closesAt[key];
  if (closesAt !== undefined && now >= closesAt + NEGOTIATION_GRACE_MS) return 'the auction closed';
  if (!a && action.type === 'catalog' && !action.entries.some((e) => e.item.toLowerCase() === key))
    return 'the item is gone';
  return null;
}

/** The question `n` opens: the one named, or the first waiting; null when none (or a prompt is in the way). */
function questionToOpen(s: AuctionState, action: Extract<Action, { type: 'negotiateOpen' }>): string | null {
  if (s.modal) return null;
  const waiting = waitingNegotiations(s);
  const key = action.item ? action.item.toLowerCase() : waiting[0];
  return key && waiting.includes(key) ? key : null;
}

// ---- the questions ---------------------------------------------------------------------------------

export function reduceNegotiation(
  n: NegotiationState,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<NegotiationState> {
  const notes: Note[] = [];
  let next = step(n, action, now, s, notes);
  // Drop what was answered (a repeat that crossed our answer) and what no longer applies. The close
  // time of the question on screen stays, so the prompt can say why it went (followPricePrompt).
  const onScreen = s.modal?.kind === 'negotiate' ? s.modal.item.toLowerCase() : null;
  const view = next === s.negotiation ? s : { ...s, negotiation: next };
  const gone = Object.entries(next.requests)
    .filter(([key, req]) => next.answered[key] === req.rq || lapsed(view, key, now, action) !== null)
    .map(([key]) => key);
  if (gone.length > 0) {
    const requests = { ...next.requests };
    const closesAt = { ...next.closesAt };
    for (const key of gone) {
      delete requests[key];
      if (key !== onScreen) delete closesAt[key];
    }
    next = { ...next, requests, closesAt };
  }
  return { slice: next, notes };
}

function step(n: NegotiationState, action: Action, now: number, s: AuctionState, notes: Note[]): NegotiationState {
  switch (action.type) {
    case 'push': {
      const msg = action.msg;
      const key = msg.item.toLowerCase();
      if (msg.type === 'PRICE_ADJUSTMENT' || msg.type === 'AUCTION_CLOSED')
        return key in n.requests ? { ...n, requests: without(n.requests, key) } : n;
      if (msg.type !== 'NEGOTIATE_REQ') return n;
      const already = n.requests[key];
      if (!already || already.rq !== msg.rq) {
        notes.push(
          note(
            'warn',
            `No bids on ${msg.item} at half time: the server asks whether to lower its price (${money(msg.currentPrice)})`,
            msg.item,
          ),
        );
      }
      return {
        ...n,
        requests: { ...n.requests, [key]: msg },
        closesAt: { ...n.closesAt, [key]: now + msg.timeLeft * 1000 },
      };
    }
    case 'negotiateOpen': {
      const key = questionToOpen(s, action);
      return key && key in n.later ? { ...n, later: without(n.later, key) } : n;
    }
    case 'negotiateLater': {
      const m = s.modal?.kind === 'negotiate' ? s.modal : null;
      return m ? { ...n, later: { ...n.later, [m.item.toLowerCase()]: m.rq } } : n;
    }
    case 'negotiateSent':
      notes.push(
        status(
          'muted',
          action.answer === 'accept' && action.price !== null
            ? `Lowering ${action.item} to ${money(action.price)}…`
            : `Keeping the price of ${action.item}…`,
        ),
      );
      return n;
    case 'negotiateResult': {
      const key = action.item.toLowerCase();
      if (!action.outcome.ok) {
        const what =
          action.answer === 'accept' && action.price !== null
            ? `Lowering ${action.item} to ${money(action.price)}`
            : `Refusing to lower ${action.item}`;
        notes.push(shout('bad', `${what} denied: ${action.outcome.reason}`, action.item));
        return n;
      }
      if (action.answer === 'accept' && action.price !== null) {
        // The PRICE_ADJUSTMENT (the reply, also a push) has logged the new price already.
        notes.push(status('good', `Price of ${action.item} lowered to ${money(action.price)}`));
      } else {
        const m = s.modal?.kind === 'negotiate' && same(s.modal.item, action.item) ? s.modal : null;
        const price = s.auctions.get(key)?.currentPrice ?? m?.price;
        notes.push(
          shout(
            'good',
            `You kept the price of ${action.item}${price !== undefined ? ` at ${money(price)}` : ''}`,
            action.item,
          ),
        );
      }
      return {
        requests: without(n.requests, key),
        answered: { ...n.answered, [key]: action.rq },
        later: without(n.later, key),
        closesAt: without(n.closesAt, key),
      };
    }
    default:
      return n;
  }
}

// ---- the prompt ----------------------------------------------------------------------------------

function openPrompt(s: AuctionState, key: string, now: number): NegotiationModal {
  const req = s.negotiation.requests[key];
  const price = s.auctions.get(key)?.currentPrice ?? req.currentPrice;
  return {
    kind: 'negotiate',
    item: req.item,
    rq: req.rq,
    price,
    openedAt: now,
    draft: formatMoney(suggestedPrice(price)),
    edited: false,
    pending: null,
    error: null,
  };
}

export function reducePricePrompt(
  modal: Modal | null,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  const m = modal?.kind === 'negotiate' ? modal : null;
  switch (action.type) {
    case 'negotiateOpen': {
      if (modal) return unchanged(modal);
      // `s.negotiation` has already taken the question off the "later" list.
      const key = questionToOpen(s, action);
      if (!key) return result(modal, status('warn', 'No price question is waiting.'));
      return unchanged(openPrompt(s, key, now));
    }
    case 'negotiateDraft':
      return unchanged(
        m && !m.pending && m.draft !== action.text ? { ...m, draft: action.text, edited: true, error: null } : modal,
      );
    case 'negotiateError':
      return unchanged(m ? { ...m, pending: null, error: action.reason } : modal);
    case 'negotiateLater':
      if (!m) return unchanged(modal);
      return result(null, status('muted', `Price question for ${m.item} put aside: press n to answer it`));
    case 'negotiateSent':
      return unchanged(m && same(m.item, action.item) ? { ...m, pending: action.answer, error: null } : modal);
    case 'negotiateResult': {
      if (!m || !same(m.item, action.item)) return unchanged(modal);
      return unchanged(action.outcome.ok ? null : { ...m, pending: null, error: action.outcome.reason });
    }
    default:
      return unchanged(modal);
  }
}

/**
 * After every action: a repeated request updates the prompt on screen; a prompt the auction outlived
 * closes (and says why); one answered elsewhere closes quietly; and when nothing holds the keyboard
 * (no prompt, no checkout pane being filled in) the next waiting question opens.
 */
export function followPricePrompt(
  modal: Modal | null,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  let m = modal?.kind === 'negotiate' ? modal : null;
  const notes: Note[] = [];
  let next: Modal | null = modal;
  if (m) {
    const key = m.item.toLowerCase();
    const req = s.negotiation.requests[key];
    if (req && !m.pending && (m.rq !== req.rq || m.price !== req.currentPrice)) {
      m = { ...m, rq: req.rq, price: req.currentPrice };
      next = m;
    }
    const why = lapsed(s, key, now, action);
    if (why) {
      notes.push(note('muted', `Price question for ${m.item} closed: ${why}`, m.item));
      next = null;
    } else if (!req && !m.pending) {
      // Answered elsewhere (another terminal of this seller): its PRICE_ADJUSTMENT has been logged.
      next = null;
    }
  }
  if (
    next === null &&
    s.account.kind === 'account' &&
    s.account.role === 'seller' &&
    !checkoutOnScreen({ ...s, modal: null })
  ) {
    const view = { ...s, modal: null };
    const key = waitingNegotiations(view).find((k) => s.negotiation.later[k] !== s.negotiation.requests[k].rq);
    if (key) next = openPrompt(s, key, now);
  }
  return { slice: next, notes };
}

export const NEGOTIATE_MODEL: WidgetModel<NegotiateTypes> = {
  initial: { negotiation: INITIAL_NEGOTIATION },
  slices: { negotiation: reduceNegotiation },
  modal: reducePricePrompt,
  follow: followPricePrompt,
};
