// The checkout slice (PROTOCOL.md §7): the purchase conversations the server opens over TCP at
// closure, as the checkout pane shows them. Pure, like the main reducer: the clock comes in, nothing
// is decremented by hand (the answer countdown is derived from `deadline`).
//
// What is NOT here: the card number. The form's drafts live in the pane's hook (use-checkout-form.ts)
// and go straight to CheckoutSession.inform(); the store only ever learns the last four digits.
import type {
  Cancel,
  Cents,
  InformReq,
  NonOffer,
  PurchaseComplete,
  ShippingInfo,
  Sold,
  Winner,
} from '../../shared/protocol/index.js';
import type { Action, AuctionState, Outcome, Tone } from './reducer.js';
import { minSec, money } from '../format.js';
import { log, statusAndLog } from './reducer.js';
import { secondsUntil } from './selectors.js';
import { settlement } from '../../shared/protocol/index.js';

/** The server's default `--inform-timeout` (PROTOCOL.md §7): the protocol itself carries no deadline. */
export const DEFAULT_INFORM_TIMEOUT_S = 120;
/** Listings remembered for a relist after NON_OFFER. */
const LISTINGS_LIMIT = 100;

export type CheckoutPhase =
  /** WINNER / SOLD arrived, the INFORM_Req not yet (the form can be filled in already). */
  | 'opening'
  /** INFORM_Req arrived: waiting for the user's details. */
  | 'form'
  | 'sending'
  /** INFORM_Res written: waiting for PURCHASE_COMPLETE / Shipping_Info / CANCEL. */
  | 'sent'
  | 'complete'
  | 'shipping'
  | 'cancelled'
  /** NON_OFFER: nothing sold. */
  | 'unsold'
  /** The connection ended before an outcome arrived. */
  | 'lost';

/** What a relist sends (LIST_ITEM); null fields are unknown and asked for. */
export interface ListingTemplate {
  item: string;
  description: string | null;
  startPrice: Cents | null;
  durationS: number | null;
}

export type RelistState =
  | { state: 'idle' }
  /** Some of name/description/price/duration are unknown: the pane asks for them. */
  | { state: 'asking'; error: string | null }
  | { state: 'sending' }
  | { state: 'done' }
  | { state: 'failed'; reason: string };

export interface Checkout {
  /** The CheckoutSession's id (changes if the server reconnects for the same closure). */
  id: string;
  /** Stable per closure: the server's RQ# and the item (a reconnection repeats both). */
  key: string;
  role: 'buyer' | 'seller';
  item: string;
  finalPrice: Cents | null;
  /** The seller (for the winner) or the buyer (for the seller). */
  counterpart: string | null;
  openedAt: number;
  /** When the INFORM_Req arrived; the countdown is counted from here. */
  askedAt: number | null;
  deadline: number | null;
  phase: CheckoutPhase;
  connected: boolean;
  /** Last four digits of the card sent, for the confirmation; never more. */
  cardLast4: string | null;
  /** Why the last send failed (local check or the connection). */
  error: string | null;
  /** Shipping_Info: the buyer and where to ship; CANCEL: the reason. */
  shipTo: { buyer: string; address: string } | null;
  reason: string | null;
  relist: RelistState;
  listing: ListingTemplate | null;
  dismissed: boolean;
  /** The conversation so far, for the pane (never a card number: last four only). */
  steps: CheckoutStep[];
}

export interface CheckoutStep {
  at: number;
  dir: 'in' | 'out' | 'note';
  text: string;
}

const STEPS_LIMIT = 12;

function withStep(e: Checkout, at: number, dir: CheckoutStep['dir'], text: string): Checkout {
  const steps = [...e.steps, { at, dir, text }];
  return { ...e, steps: steps.length > STEPS_LIMIT ? steps.slice(-STEPS_LIMIT) : steps };
}

function openingText(o: Winner | Sold | NonOffer): string {
  switch (o.type) {
    case 'WINNER':
      return `WINNER ${o.item} ${money(o.finalPrice)}, seller ${o.seller}`;
    case 'SOLD':
      return `SOLD ${o.item} ${money(o.finalPrice)}, buyer ${o.buyer}`;
    case 'NON_OFFER':
      return `NON_OFFER ${o.item}`;
  }
}

export interface CheckoutState {
  /** Conversations in arrival order; the pane shows the first one not dismissed. */
  entries: Checkout[];
  /** The pane is on screen (it takes the keyboard when no other prompt is open). */
  visible: boolean;
  /** A checkout arrived while another prompt was open: show the pane as soon as that prompt closes. */
  wantOpen: boolean;
  informTimeoutS: number;
  /** Whether informTimeoutS came from the user (--inform-timeout) or is the server's default, an estimate. */
  timeoutKnown: boolean;
  /** The address remembered in the profile (prefills the form). */
  address: string | null;
  /** First sight of each listing (its AUCTION_ANNOUNCE), for relisting after NON_OFFER. */
  listings: Record<string, ListingTemplate>;
}

type FollowUp = InformReq | PurchaseComplete | ShippingInfo | Cancel;

export type CheckoutAction =
  /** A message after the opening on a checkout connection. */
  | { type: 'checkoutMessage'; id: string; msg: FollowUp }
  /** `c`: show the pane again. */
  | { type: 'checkoutShow' }
  /** Esc on a checkout still waiting for an answer: minimize (the header badge keeps it in sight). */
  | { type: 'checkoutHide' }
  /** Enter / Esc on a finished checkout: done with it. */
  | { type: 'checkoutDismiss'; id: string }
  /** The form's details failed a local check (Luhn, expiry, …): nothing was sent. */
  | { type: 'checkoutFormError'; id: string; reason: string }
  | { type: 'checkoutSending'; id: string; last4: string }
  | { type: 'checkoutSendResult'; id: string; outcome: Outcome }
  | { type: 'relistAsk'; id: string }
  | { type: 'relistError'; id: string; reason: string }
  /** Startup: the server's --inform-timeout if the user told us, and the remembered address. */
  | { type: 'checkoutConfig'; informTimeoutS?: number; address?: string | null };

export const CHECKOUT_ACTIONS: ReadonlySet<string> = new Set<CheckoutAction['type']>([
  'checkoutMessage',
  'checkoutShow',
  'checkoutHide',
  'checkoutDismiss',
  'checkoutFormError',
  'checkoutSending',
  'checkoutSendResult',
  'relistAsk',
  'relistError',
  'checkoutConfig',
]);

export function isCheckoutAction(a: { type: string }): a is CheckoutAction {
  return CHECKOUT_ACTIONS.has(a.type);
}

export function initialCheckout(): CheckoutState {
  return {
    entries: [],
    visible: false,
    wantOpen: false,
    informTimeoutS: DEFAULT_INFORM_TIMEOUT_S,
    timeoutKnown: false,
    address: null,
    listings: {},
  };
}

/** A line for the event log (and the status line if `status`). Never carries a card number. */
export interface CheckoutNote {
  tone: Tone;
  text: string;
  item?: string;
  status?: boolean;
}

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

/** Runs after the main reducer on every action: the slice, plus its lines in the event log. */
export function afterCheckout(s: AuctionState, action: Action, now: number): AuctionState {
  const { slice, notes } = reduceCheckout(s.checkout, action, now, s);
  if (slice === s.checkout && notes.length === 0) return s;
  let next: AuctionState = { ...s, checkout: slice };
  for (const n of notes)
    next = n.status ? statusAndLog(next, now, n.tone, n.text, n.item) : log(next, now, n.tone, n.text, n.item);
  return next;
}

/**
 * The checkout slice's reducer. `s` is the whole state after the main reducer ran (read only: the
 * account name, whether a prompt is open, the auction table for relist details).
 */
export function reduceCheckout(
  c: CheckoutState,
  action: Action,
  now: number,
  s: AuctionState,
): { slice: CheckoutState; notes: CheckoutNote[] } {
  const notes: CheckoutNote[] = [];
  let next = step(c, action, now, s, notes);
  // A checkout that arrived under an open prompt shows as soon as the prompt closes.
  if (next.wantOpen && s.modal === null && current(next)) next = { ...next, visible: true, wantOpen: false };
  if (next.visible && !current(next)) next = { ...next, visible: false, wantOpen: false };
  return { slice: next, notes };
}

function step(c: CheckoutState, action: Action, now: number, s: AuctionState, notes: CheckoutNote[]): CheckoutState {
  switch (action.type) {
    case 'checkoutConfig':
      return {
        ...c,
        ...(action.informTimeoutS !== undefined ? { informTimeoutS: action.informTimeoutS, timeoutKnown: true } : {}),
        ...(action.address !== undefined ? { address: action.address } : {}),
      };
    case 'push': {
      const m = action.msg;
      // Remember how each listing started (first AUCTION_ANNOUNCE: the listing itself) for a relist.
      if (m.type !== 'AUCTION_ANNOUNCE' || s.account.kind !== 'account' || s.account.role !== 'seller') return c;
      const key = m.item.toLowerCase();
      if (c.listings[key]) return c;
      const listings = {
        ...c.listings,
        [key]: { item: m.item, description: m.description, startPrice: m.currentPrice, durationS: m.timeLeft },
      };
      const keys = Object.keys(listings);
      if (keys.length > LISTINGS_LIMIT) delete listings[keys[0]];
      return { ...c, listings };
    }
    case 'checkoutOpened':
      return opened(c, action.id, action.opening, now, s);
    case 'checkoutMessage':
      return onMessage(c, action.id, action.msg, now, notes);
    case 'checkoutEnded':
      return update(c, action.id, (e) => {
        if (isFinished(e)) return withStep({ ...e, connected: false }, now, 'note', 'connection closed by the server');
        notes.push({
          tone: 'bad',
          text: `Checkout of ${e.item}: the server closed the connection before the outcome`,
          item: e.item,
        });
        return withStep({ ...e, connected: false, phase: 'lost' }, now, 'note', 'connection closed before the outcome');
      });
    case 'checkoutShow':
      if (!current(c)) return c;
      return s.modal === null ? { ...c, visible: true, wantOpen: false } : { ...c, wantOpen: true };
    case 'checkoutHide':
      return c.visible || c.wantOpen ? { ...c, visible: false, wantOpen: false } : c;
    case 'checkoutDismiss':
      return update(c, action.id, (e) => ({ ...e, dismissed: true }));
    case 'checkoutFormError':
      return update(c, action.id, (e) => ({ ...e, error: action.reason }));
    case 'checkoutSending':
      return update(c, action.id, (e) =>
        needsAnswer(e) ? { ...e, phase: 'sending', cardLast4: action.last4, error: null } : e,
      );
    case 'checkoutSendResult':
      return update(c, action.id, (e) => {
        if (e.phase !== 'sending') return e;
        if (action.outcome.ok) {
          notes.push({
            tone: 'good',
            text: `Payment details for ${e.item} sent (card •••• ${e.cardLast4 ?? '????'})`,
            item: e.item,
            status: true,
          });
          return withStep(
            { ...e, phase: 'sent', error: null },
            now,
            'out',
            `INFORM_Res (card •••• ${e.cardLast4 ?? '????'})`,
          );
        }
        return { ...e, phase: e.askedAt === null ? 'opening' : 'form', error: action.outcome.reason, cardLast4: null };
      });
    case 'relistAsk':
      return update(c, action.id, (e) =>
        e.phase === 'unsold' ? { ...e, relist: { state: 'asking', error: null } } : e,
      );
    case 'relistError':
      return update(c, action.id, (e) => ({ ...e, relist: { state: 'asking', error: action.reason } }));
    // A relist is a LIST_ITEM through the listing command (listing.ts logs it and marks the row ours).
    case 'listSent': {
      const l = action.listing;
      const key = l.item.toLowerCase();
      const listings = {
        ...c.listings,
        [key]: { item: l.item, description: l.description, startPrice: l.startPrice, durationS: l.duration },
      };
      return relisting({ ...c, listings }, l.item, (e) =>
        e.relist.state === 'idle' || e.relist.state === 'asking' || e.relist.state === 'failed'
          ? { ...e, relist: { state: 'sending' } }
          : e,
      );
    }
    case 'listResult': {
      const o = action.outcome;
      return relisting(c, action.listing.item, (e) =>
        e.relist.state !== 'sending'
          ? e
          : o.ok
            ? { ...e, relist: { state: 'done' } }
            : { ...e, relist: { state: 'failed', reason: o.reason } },
      );
    }
    default:
      return c;
  }
}

function opened(
  c: CheckoutState,
  id: string,
  o: Winner | Sold | NonOffer,
  now: number,
  s: AuctionState,
): CheckoutState {
  const key = `${o.rq}:${o.item.toLowerCase()}`;
  const known = c.entries.find((e) => e.key === key);
  const wantShow = o.type !== 'NON_OFFER' || !known;
  if (known) {
    // The server reconnected for the same closure (it does when a connection drops before the answer).
    const entries = c.entries.map((e) =>
      e.key === key
        ? withStep(
            {
              ...e,
              id,
              connected: true,
              dismissed: false,
              phase:
                isFinished(e) && e.phase !== 'lost'
                  ? e.phase
                  : e.cardLast4 && e.phase === 'sent'
                    ? ('sent' as const)
                    : ('opening' as const),
            },
            now,
            'in',
            `${openingText(o)} (reconnected)`,
          )
        : e,
    );
    return show({ ...c, entries }, s, wantShow);
  }
  const entry: Checkout = {
    id,
    key,
    role: o.type === 'WINNER' ? 'buyer' : 'seller',
    item: o.item,
    finalPrice: o.type === 'NON_OFFER' ? null : o.finalPrice,
    counterpart: o.type === 'WINNER' ? o.seller : o.type === 'SOLD' ? o.buyer : null,
    openedAt: now,
    askedAt: null,
    deadline: null,
    phase: o.type === 'NON_OFFER' ? 'unsold' : 'opening',
    connected: true,
    cardLast4: null,
    error: null,
    shipTo: null,
    reason: null,
    relist: { state: 'idle' },
    listing: o.type === 'NON_OFFER' ? listingFor(c, s, o.item) : null,
    dismissed: false,
    steps: [{ at: now, dir: 'in', text: openingText(o) }],
  };
  return show({ ...c, entries: [...c.entries, entry] }, s, wantShow);
}

/** Open the pane now, or as soon as the prompt in the way closes (a bid being typed is not interrupted). */
function show(c: CheckoutState, s: AuctionState, want: boolean): CheckoutState {
  if (!want) return c;
  if (c.visible) return c;
  return s.modal === null && s.account.kind === 'account'
    ? { ...c, visible: true, wantOpen: false }
    : { ...c, wantOpen: true };
}

function onMessage(c: CheckoutState, id: string, msg: FollowUp, now: number, notes: CheckoutNote[]): CheckoutState {
  return update(c, id, (e) => {
    switch (msg.type) {
      case 'INFORM_Req': {
        const askedAt = e.askedAt ?? now;
        return withStep(
          {
            ...e,
            askedAt,
            deadline: askedAt + c.informTimeoutS * 1000,
            finalPrice: msg.finalPrice,
            phase: e.phase === 'opening' || e.phase === 'lost' ? 'form' : e.phase,
          },
          now,
          'in',
          `INFORM_Req ${msg.item} ${money(msg.finalPrice)}`,
        );
      }
      case 'PURCHASE_COMPLETE':
        notes.push({
          tone: 'good',
          text: `Purchase of ${msg.item} complete: ${money(msg.finalPrice)} charged to card •••• ${e.cardLast4 ?? '????'}`,
          item: e.item,
          status: true,
        });
        return withStep(
          { ...e, phase: 'complete', finalPrice: msg.finalPrice, error: null },
          now,
          'in',
          `PURCHASE_COMPLETE ${msg.item} ${money(msg.finalPrice)}`,
        );
      case 'Shipping_Info':
        notes.push({
          tone: 'good',
          text: `${e.item} sold: ship it to ${msg.buyer}, ${msg.address}`,
          item: e.item,
          status: true,
        });
        return withStep(
          {
            ...e,
            phase: 'shipping',
            shipTo: { buyer: msg.buyer, address: msg.address },
            counterpart: e.counterpart ?? msg.buyer,
            error: null,
          },
          now,
          'in',
          `Shipping_Info ${msg.buyer} ${msg.address}`,
        );
      case 'CANCEL':
        notes.push({ tone: 'bad', text: `Sale of ${e.item} cancelled: ${msg.reason}`, item: e.item, status: true });
        return withStep({ ...e, phase: 'cancelled', reason: msg.reason }, now, 'in', `CANCEL ${msg.reason}`);
    }
  });
}

/** The NON_OFFER checkouts of this item that are relisting. */
function relisting(c: CheckoutState, item: string, fn: (e: Checkout) => Checkout): CheckoutState {
  let changed = false;
  const entries = c.entries.map((e) => {
    if (e.phase !== 'unsold' || e.dismissed || e.item.toLowerCase() !== item.toLowerCase()) return e;
    const next = fn(e);
    if (next !== e) changed = true;
    return next;
  });
  return changed ? { ...c, entries } : c;
}

function update(c: CheckoutState, id: string, fn: (e: Checkout) => Checkout): CheckoutState {
  const i = c.entries.findIndex((e) => e.id === id);
  if (i === -1) return c;
  const next = fn(c.entries[i]);
  if (next === c.entries[i]) return c;
  const entries = c.entries.slice();
  entries[i] = next;
  return { ...c, entries };
}

/** What we know of a listing to relist it: its first AUCTION_ANNOUNCE, else the auction table. */
function listingFor(c: CheckoutState, s: AuctionState, item: string): ListingTemplate {
  const key = item.toLowerCase();
  const seen = c.listings[key];
  if (seen) return { ...seen, item };
  const a = s.auctions[key];
  return {
    item,
    description: a?.description || null,
    startPrice: a && a.fromListing ? a.startPrice : null,
    durationS: null,
  };
}

// ---- selectors -----------------------------------------------------------------------------------

/** The checkout the pane shows: the first one not yet dismissed. */
export function current(c: CheckoutState): Checkout | null {
  return c.entries.find((e) => !e.dismissed) ?? null;
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
