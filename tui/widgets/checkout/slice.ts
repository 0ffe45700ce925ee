// The checkout slice (PROTOCOL.md §7): the purchase conversations the server opens over TCP at
// closure, as the checkout pane shows them. Pure, like every slice: the clock comes in, nothing is
// decremented by hand (the answer countdown is derived from `deadline`). Its selectors (current,
// checkoutBadge, …) are in selectors.ts.
//
// What is NOT here: the card number. The form's drafts live in the pane's hook (use-checkout-form.ts)
// and go straight to CheckoutSession.inform(); the store only ever learns the last four digits.
import type { NonOffer, Sold, Winner } from '../../../shared/protocol/index.js';
import { money } from '../../format.js';
import { shout, status } from '../../state/helpers.js';
import type { Action, AuctionState, Note, SliceResult } from '../../state/model.js';
import { current, isFinished, needsAnswer } from './selectors.js';
import type { WidgetModel } from '../widget.js';
import type {
  Checkout,
  CheckoutAction,
  CheckoutState,
  CheckoutStep,
  CheckoutTypes,
  ListingTemplate,
} from './actions.js';

/** The server's default `--inform-timeout` (PROTOCOL.md §7): the protocol itself carries no deadline. */
export const DEFAULT_INFORM_TIMEOUT_S = 120;
/** Listings remembered for a relist after NON_OFFER. */
const LISTINGS_LIMIT = 100;

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

type FollowUp = Extract<CheckoutAction, { type: 'checkoutMessage' }>['msg'];

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

/**
 * The checkout slice's reducer. `s` is the state with the other slices updated (read only: the
 * account name, whether a prompt is open, the auction table for relist details).
 */
export function reduceCheckout(
  c: CheckoutState,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<CheckoutState> {
  const notes: Note[] = [];
  let next = step(c, action, now, s, notes);
  // A checkout that arrived under an open prompt shows as soon as the prompt closes.
  if (next.wantOpen && s.modal === null && current(next)) next = { ...next, visible: true, wantOpen: false };
  if (next.visible && !current(next)) next = { ...next, visible: false, wantOpen: false };
  return { slice: next, notes };
}

function step(c: CheckoutState, action: Action, now: number, s: AuctionState, notes: Note[]): CheckoutState {
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
    case 'checkoutOpened': {
      const o = action.opening;
      // One bell per closure: a reconnection for the same closure (same RQ# and item) rings no more.
      const bell = !c.entries.some((e) => e.key === `${o.rq}:${o.item.toLowerCase()}`);
      // AUCTION_CLOSED already logged "closed without a bid"; the NON_OFFER pane says the rest.
      if (o.type === 'WINNER')
        notes.push({
          ...shout(
            'good',
            `You won ${o.item} at ${money(o.finalPrice)} from ${o.seller}: the server asks for payment details`,
            o.item,
          ),
          bell,
        });
      else if (o.type === 'SOLD')
        notes.push({
          ...shout(
            'good',
            `Sold ${o.item} to ${o.buyer} at ${money(o.finalPrice)}: the server asks for your details`,
            o.item,
          ),
          bell,
        });
      else notes.push({ ...status('muted', `${o.item} closed with no bid: nothing sold`), bell });
      return opened(c, action.id, o, now, s);
    }
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
            where: 'both',
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

function onMessage(c: CheckoutState, id: string, msg: FollowUp, now: number, notes: Note[]): CheckoutState {
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
          where: 'both',
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
          where: 'both',
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
        notes.push({ tone: 'bad', text: `Sale of ${e.item} cancelled: ${msg.reason}`, item: e.item, where: 'both' });
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
  const a = s.auctions.get(key);
  return {
    item,
    description: a?.description || null,
    startPrice: a && a.fromListing ? a.startPrice : null,
    durationS: null,
  };
}

/** After the modal slot: a checkout that arrived under an open prompt shows as soon as the prompt closes. */
export const CHECKOUT_MODEL: WidgetModel<CheckoutTypes> = {
  initial: { checkout: initialCheckout() },
  slices: { checkout: reduceCheckout },
  late: true,
};
