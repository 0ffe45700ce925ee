// Seller mode: the server's price question. At half time with no bid the server sends the seller
// NEGOTIATE_REQ (repeated every 2 s, same RQ#, until answered or closed); the prompt offers a new
// price (10% lower by default): Enter sends ACCEPT, `r` REFUSE, Esc puts the question aside (`n`
// brings it back). The requests themselves are kept in AuctionState.negotiations by the reducer's
// push handling; this slice opens the prompt, answers, and lets a prompt the auction outlived go.
import { formatMoney } from '../../shared/protocol/index.js';
import type { Cents } from '../../shared/protocol/index.js';
import { money } from '../format.js';
import type { Action, AuctionState, Outcome } from './reducer.js';
import { checkoutOnScreen } from './checkout.js';
import { log, myName, putAuction, same, statusAndLog } from './reducer.js';

// ---- model ---------------------------------------------------------------------------------------

export type NegotiationAnswer = 'accept' | 'refuse';

export interface NegotiationModal {
  kind: 'negotiate';
  item: string;
  /** The NEGOTIATE_REQ's RQ#: ACCEPT / REFUSE carry it back. */
  rq: string;
  /** The price the server asked about (Current_Price). */
  price: Cents;
  openedAt: number;
  /** The new price as typed; prefilled with the suggestion. */
  draft: string;
  edited: boolean;
  pending: NegotiationAnswer | null;
  /** A typed price refused before sending, or the server's NEGOTIATE-DENIED reason. */
  error: string | null;
}

export interface NegotiationState {
  /** Per item key: the RQ# of the request the seller answered; a late repeat of it is ignored. */
  answered: Record<string, string>;
  /** Per item key: the RQ# of the request the seller put aside (Esc); its repeats do not reopen it. */
  later: Record<string, string>;
  /** Per item key: when the asked auction closes, from the latest request (receivedAt + Time_Left). */
  closesAt: Record<string, number>;
}

export const INITIAL_NEGOTIATION: NegotiationState = { answered: {}, later: {}, closesAt: {} };

export type NegotiationAction =
  /** `n`: show a question that was put aside (the given item's, or the first one waiting). */
  | { type: 'negotiateOpen'; item?: string }
  | { type: 'negotiateDraft'; text: string }
  /** The typed price was refused before sending. */
  | { type: 'negotiateError'; reason: string }
  /** Esc: answer later. */
  | { type: 'negotiateLater' }
  | { type: 'negotiateSent'; item: string; rq: string; answer: NegotiationAnswer; price: Cents | null }
  | {
      type: 'negotiateResult';
      item: string;
      rq: string;
      answer: NegotiationAnswer;
      price: Cents | null;
      outcome: Outcome;
    };

const NEGOTIATION_ACTIONS: ReadonlySet<string> = new Set<NegotiationAction['type']>([
  'negotiateOpen',
  'negotiateDraft',
  'negotiateError',
  'negotiateLater',
  'negotiateSent',
  'negotiateResult',
]);

export function isNegotiationAction(a: { type: string }): a is NegotiationAction {
  return NEGOTIATION_ACTIONS.has(a.type);
}

/** A price question stays answerable this long past its estimated close (Time_Left is rounded up). */
export const NEGOTIATION_GRACE_MS = 1500;

/** The suggested new price: 10% lower, rounded to the cent. */
export function suggestedPrice(price: Cents): Cents {
  return Math.round(price * 0.9);
}

/** Questions waiting for an answer (not the one on screen), oldest item first by name. */
export function waitingNegotiations(s: AuctionState): string[] {
  const open = s.modal?.kind === 'negotiate' ? s.modal.item.toLowerCase() : null;
  return Object.keys(s.negotiations)
    .filter((k) => k !== open && s.negotiation.answered[k] !== s.negotiations[k].rq)
    .sort();
}

/** The close time of the asked auction: the table's when known, else the request's. */
export function negotiationClosesAt(s: AuctionState, item: string): number | null {
  const key = item.toLowerCase();
  const a = s.auctions[key];
  return a ? a.closesAt : (s.negotiation.closesAt[key] ?? null);
}

// ---- reducer -------------------------------------------------------------------------------------

export function reduceNegotiation(s: AuctionState, action: NegotiationAction, now: number): AuctionState {
  const m = s.modal?.kind === 'negotiate' ? s.modal : null;
  switch (action.type) {
    case 'negotiateOpen': {
      if (s.modal) return s;
      const waiting = waitingNegotiations(s);
      const key = action.item ? action.item.toLowerCase() : waiting[0];
      if (!key || !waiting.includes(key)) {
        return { ...s, status: { at: now, tone: 'warn', text: 'No price question is waiting.' } };
      }
      const { [key]: _shown, ...later } = s.negotiation.later;
      return openPrompt({ ...s, negotiation: { ...s.negotiation, later } }, key, now);
    }
    case 'negotiateDraft':
      return m && !m.pending && m.draft !== action.text
        ? { ...s, modal: { ...m, draft: action.text, edited: true, error: null } }
        : s;
    case 'negotiateError':
      return m ? { ...s, modal: { ...m, pending: null, error: action.reason } } : s;
    case 'negotiateLater': {
      if (!m) return s;
      const key = m.item.toLowerCase();
      const next = {
        ...s,
        modal: null,
        negotiation: { ...s.negotiation, later: { ...s.negotiation.later, [key]: m.rq } },
      };
      return {
        ...next,
        status: { at: now, tone: 'muted', text: `Price question for ${m.item} put aside: press n to answer it` },
      };
    }
    case 'negotiateSent': {
      const modal = m && same(m.item, action.item) ? { ...m, pending: action.answer, error: null } : s.modal;
      const text =
        action.answer === 'accept' && action.price !== null
          ? `Lowering ${action.item} to ${money(action.price)}…`
          : `Keeping the price of ${action.item}…`;
      return { ...s, modal, status: { at: now, tone: 'muted', text } };
    }
    case 'negotiateResult':
      return onResult(s, action, now);
  }
}

function onResult(
  s: AuctionState,
  a: Extract<NegotiationAction, { type: 'negotiateResult' }>,
  now: number,
): AuctionState {
  const key = a.item.toLowerCase();
  const m = s.modal?.kind === 'negotiate' && same(s.modal.item, a.item) ? s.modal : null;
  if (!a.outcome.ok) {
    const modal = m ? { ...m, pending: null, error: a.outcome.reason } : s.modal;
    const what =
      a.answer === 'accept' && a.price !== null
        ? `Lowering ${a.item} to ${money(a.price)}`
        : `Refusing to lower ${a.item}`;
    return statusAndLog({ ...s, modal }, now, 'bad', `${what} denied: ${a.outcome.reason}`, a.item);
  }
  const { [key]: _answered, ...negotiations } = s.negotiations;
  const { [key]: _deadline, ...closesAt } = s.negotiation.closesAt;
  const { [key]: _later, ...later } = s.negotiation.later;
  const next: AuctionState = {
    ...s,
    modal: m ? null : s.modal,
    negotiations,
    negotiation: { answered: { ...s.negotiation.answered, [key]: a.rq }, later, closesAt },
  };
  if (a.answer === 'accept' && a.price !== null) {
    // The PRICE_ADJUSTMENT (the reply, also a push) has logged the new price already.
    return { ...next, status: { at: now, tone: 'good', text: `Price of ${a.item} lowered to ${money(a.price)}` } };
  }
  const price = s.auctions[key]?.currentPrice ?? m?.price;
  return statusAndLog(
    next,
    now,
    'good',
    `You kept the price of ${a.item}${price !== undefined ? ` at ${money(price)}` : ''}`,
    a.item,
  );
}

function openPrompt(s: AuctionState, key: string, now: number): AuctionState {
  const req = s.negotiations[key];
  const price = s.auctions[key]?.currentPrice ?? req.currentPrice;
  const modal: NegotiationModal = {
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
  return { ...s, modal, selected: key };
}

// ---- after every action --------------------------------------------------------------------------

/** Why a price question no longer applies, or null while it does. */
function lapsed(s: AuctionState, key: string, now: number, action: Action): string | null {
  const a = s.auctions[key];
  if (a?.closed) return 'the auction closed';
  if (a && a.bidCount > 0) return 'it has a bid now';
  const closesAt = a ? a.closesAt : s.negotiation.closesAt[key];
  if (closesAt !== undefined && now >= closesAt + NEGOTIATION_GRACE_MS) return 'the auction closed';
  if (!a && action.type === 'catalog' && !action.entries.some((e) => e.item.toLowerCase() === key))
    return 'the item is gone';
  return null;
}

/**
 * Runs after the main reducer: notes a NEGOTIATE_REQ's close time (and that the item is ours), drops
 * questions already answered or outlived, closes a prompt the auction outlived, and opens the next
 * waiting question when nothing else holds the keyboard. A repeated request updates the open prompt.
 */
export function afterNegotiation(s: AuctionState, action: Action, now: number): AuctionState {
  const isRequest = action.type === 'push' && action.msg.type === 'NEGOTIATE_REQ';
  let modal = s.modal?.kind === 'negotiate' ? s.modal : null;
  if (!isRequest && !modal) {
    let any = false;
    for (const _ in s.negotiations) {
      any = true;
      break;
    }
    if (!any) return s;
  }
  let next = s;
  if (action.type === 'push' && action.msg.type === 'NEGOTIATE_REQ') {
    const msg = action.msg;
    const key = msg.item.toLowerCase();
    next = {
      ...next,
      negotiation: {
        ...next.negotiation,
        closesAt: { ...next.negotiation.closesAt, [key]: now + msg.timeLeft * 1000 },
      },
    };
    const a = next.auctions[key];
    const me = myName(next);
    // Only the seller is asked, and only while there is no bid: the item is ours and has no bid.
    if (a && !a.closed && ((!a.seller && me) || (!a.bidsKnown && a.bidCount === 0))) {
      next = putAuction(next, { ...a, seller: a.seller ?? me, bidsKnown: a.bidCount === 0 ? true : a.bidsKnown });
    }
    if (
      modal &&
      same(modal.item, msg.item) &&
      !modal.pending &&
      (modal.rq !== msg.rq || modal.price !== msg.currentPrice)
    ) {
      modal = { ...modal, rq: msg.rq, price: msg.currentPrice };
      next = { ...next, modal };
    }
  }
  // Drop answered (a repeat that crossed our answer) and outlived questions.
  let negotiations = next.negotiations;
  for (const [key, req] of Object.entries(next.negotiations)) {
    const gone = next.negotiation.answered[key] === req.rq || lapsed(next, key, now, action) !== null;
    if (gone && !(modal && modal.item.toLowerCase() === key)) {
      if (negotiations === next.negotiations) negotiations = { ...negotiations };
      delete negotiations[key];
    }
  }
  if (negotiations !== next.negotiations) next = { ...next, negotiations };
  // The prompt on screen: gone with its auction; gone when answered elsewhere (not while our answer is in flight).
  if (modal) {
    const key = modal.item.toLowerCase();
    const why = lapsed(next, key, now, action);
    if (why) {
      const { [key]: _gone, ...rest } = next.negotiations;
      next = log(
        { ...next, modal: null, negotiations: rest },
        now,
        'muted',
        `Price question for ${modal.item} closed: ${why}`,
        modal.item,
      );
      modal = null;
    } else if (!next.negotiations[key] && !modal.pending) {
      // Answered elsewhere (another terminal of this seller): its PRICE_ADJUSTMENT has been logged.
      next = { ...next, modal: null };
      modal = null;
    }
  }
  // Nothing holds the keyboard (no prompt, no checkout pane being filled in): ask the next waiting question.
  if (
    next.modal === null &&
    next.account.kind === 'account' &&
    next.account.role === 'seller' &&
    !checkoutOnScreen(next)
  ) {
    const key = waitingNegotiations(next).find((k) => next.negotiation.later[k] !== next.negotiations[k].rq);
    if (key) next = openPrompt(next, key, now);
  }
  return next;
}
