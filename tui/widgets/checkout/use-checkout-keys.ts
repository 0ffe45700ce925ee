// The checkout pane's keys and its form drafts (PROTOCOL.md §7 INFORM_Res: Name CC# CC_Exp_Date Address).
//
// The drafts are the pane's own (a DraftStore), not the app's store: the card number never enters the
// store, the event log or any file. While it is typed the card shows in groups of four, so a wrong
// digit can be found; once sent, the draft is wiped and the pane shows only its last four digits. Enter
// checks everything inline (name, Luhn, MM/YY or MM/YYYY not expired, address) and sends nothing until
// it passes; then CheckoutSession.inform() writes INFORM_Res (expiry as MM/YY) on the server's connection.
import { useCallback } from 'react';
import { fields, formatMoney, luhnValid } from '../../../shared/protocol/index.js';
import { useDraft } from '../../hooks/use-draft.js';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import { cardGroups, editField, expiryProblem, wireExpiry } from '../../input/field.js';
import type { FieldRules } from '../../input/field.js';
import type { KeyEvent } from '../../input/keys.js';
import type { AuctionState } from '../../state/model.js';
import { completeListing, current, isFinished, needsAnswer } from './selectors.js';
import { parseDuration, parsePrice } from '../list/slice.js';
import type { Checkout } from './actions.js';

export type PayField = 'name' | 'card' | 'expiry' | 'address';
export const PAY_FIELDS: readonly PayField[] = ['name', 'card', 'expiry', 'address'];
export type RelistField = 'description' | 'price' | 'duration';
export const RELIST_FIELDS: readonly RelistField[] = ['description', 'price', 'duration'];

const PAY_RULES: Record<PayField, FieldRules> = {
  name: { kind: 'name' },
  card: { kind: 'digits', max: 19 },
  expiry: { kind: 'expiry' },
  address: { kind: 'text' },
};
const RELIST_RULES: Record<RelistField, FieldRules> = {
  description: { kind: 'text' },
  price: { kind: 'money' },
  duration: { kind: 'text', max: 16 },
};

export interface CheckoutDraft {
  /** The checkout these drafts are for (a new one on screen starts afresh). */
  key: string | null;
  field: PayField;
  name: string;
  /** The digits typed. Only ever in this draft: wiped as INFORM_Res goes out. */
  card: string;
  expiry: string;
  address: string;
  /** Enter was pressed with something missing: empty fields show their error too. */
  attempted: boolean;
  /** Why the last key was not taken in the focused field (e.g. a letter in the card). */
  refused: string | null;
  relistField: RelistField;
  relist: Record<RelistField, string>;
}

export interface CheckoutFormView {
  field: PayField;
  name: string;
  /** The card as typed, in groups of four: `4111 1111 1111 1111`. */
  cardShown: string;
  cardDigits: number;
  expiry: string;
  address: string;
  /** Inline problems per field (Luhn, expiry, …); sending is blocked while any is set. */
  errors: Partial<Record<PayField, string>>;
  /** The card passes Luhn with a valid length (for the inline ✓). */
  cardOk: boolean;
  refused: string | null;
  relistField: RelistField;
  relist: Record<RelistField, string>;
}

// ---- pure helpers (tested directly) ---------------------------------------------------------------

/** Inline problems of the payment draft at `now`; `all` also reports empty or unfinished fields. */
export function payErrors(
  d: Pick<CheckoutDraft, 'name' | 'card' | 'expiry' | 'address'> & { field?: PayField },
  now: number,
  all: boolean,
): Partial<Record<PayField, string>> {
  const e: Partial<Record<PayField, string>> = {};
  const name = d.name.trim();
  if (name || all) {
    const n = fields.accountName(name);
    if (!n.ok) e.name = `Name ${n.reason}`;
  }
  if (d.card.length >= 12 && !luhnValid(d.card)) e.card = 'Card number fails the Luhn check: a digit is wrong';
  else if (all && d.card.length < 12) e.card = 'Card number needs 12 to 19 digits';
  if (d.expiry || all) {
    // "12/20" may be the start of 12/2029 while it is being typed; once the cursor has left, it is 2020.
    const x = expiryProblem(d.expiry, new Date(now), all || d.field !== 'expiry');
    if (x) e.expiry = `Expiry ${x}`;
  }
  const addr = d.address.trim();
  if (all && !addr) e.address = 'Address is needed (where the item ships, or yours as seller)';
  else if (addr) {
    const a = fields.freeText(addr);
    if (!a.ok) e.address = `Address ${a.reason}`;
  }
  return e;
}

function freshDraft(e: Checkout | null, name: string, address: string | null): CheckoutDraft {
  const l = e?.listing;
  return {
    key: e?.key ?? null,
    field: 'card',
    name,
    card: '',
    expiry: '',
    address: address ?? '',
    attempted: false,
    refused: null,
    relistField: 'description',
    relist: {
      description: l?.description ?? '',
      price: l && l.startPrice !== null ? formatMoney(l.startPrice) : '',
      duration: l && l.durationS !== null ? String(l.durationS) : '',
    },
  };
}

const next = <T>(list: readonly T[], at: T, delta: number): T =>
  list[(list.indexOf(at) + delta + list.length) % list.length];

function moveDelta(ev: KeyEvent): number {
  if (ev.kind === 'tab' || ev.kind === 'down') return 1;
  if (ev.kind === 'backtab' || ev.kind === 'up') return -1;
  return 0;
}

// ---- the hook -------------------------------------------------------------------------------------

export interface CheckoutForm {
  view: CheckoutFormView;
  onKey: KeyHandler;
}

export function useCheckoutForm(s: AuctionState): CheckoutForm {
  const store = useStore();
  const commands = useCommands();
  const freshFor = useCallback(
    (e: Checkout | null): CheckoutDraft => {
      const st = store.getSnapshot();
      return freshDraft(e, st.account.kind === 'account' ? st.account.name : '', st.checkout.address);
    },
    [store],
  );
  const [stored, draft] = useDraft<CheckoutDraft>(() => freshFor(current(store.getSnapshot().checkout)));

  /** The drafts of the checkout on screen: a new one starts afresh (name and remembered address prefilled). */
  const draftFor = useCallback(
    (e: Checkout): CheckoutDraft => {
      if (draft.get().key !== e.key) draft.replace(freshFor(e));
      return draft.get();
    },
    [draft, freshFor],
  );

  const submitPayment = useCallback(
    (e: Checkout) => {
      const d = draftFor(e);
      const errors = payErrors(d, store.getSnapshot().now, true);
      const bad = PAY_FIELDS.find((f) => errors[f]);
      if (bad) {
        draft.set({ attempted: true, field: bad });
        store.dispatch({ type: 'checkoutFormError', id: e.id, reason: `Not sent: ${errors[bad]}` });
        return;
      }
      const form = {
        name: d.name.trim(),
        card: d.card,
        expiry: wireExpiry(d.expiry) ?? d.expiry,
        address: d.address.trim(),
      };
      // The card leaves the draft as it goes on the wire: nothing keeps it afterwards.
      draft.set({ card: '', attempted: false });
      void commands.informCheckout(e.id, form);
    },
    [store, commands, draft, draftFor],
  );

  const submitRelist = useCallback(
    (e: Checkout) => {
      const r = draftFor(e).relist;
      const desc = fields.freeText(r.description.trim());
      const price = parsePrice(r.price);
      const duration = parseDuration(r.duration);
      if (!desc.ok || !price.ok || !duration.ok) {
        const [field, reason]: [RelistField, string] = !desc.ok
          ? ['description', `Description ${desc.reason}`]
          : !price.ok
            ? ['price', `Start price ${price.reason}`]
            : ['duration', `Duration ${!duration.ok ? duration.reason : ''}`];
        draft.set({ relistField: field });
        store.dispatch({ type: 'relistError', id: e.id, reason });
        return;
      }
      void commands.listItem({
        item: e.item,
        description: r.description.trim(),
        startPrice: price.value,
        duration: duration.value,
      });
    },
    [store, commands, draft, draftFor],
  );

  const onKey = useCallback<KeyHandler>(
    (ev) => {
      const st = store.getSnapshot();
      const e = current(st.checkout);
      if (!e) return;
      const d = draftFor(e);

      if (needsAnswer(e)) {
        if (ev.kind === 'escape') return store.dispatch({ type: 'checkoutHide' });
        if (ev.kind === 'enter') return submitPayment(e);
        const delta = moveDelta(ev);
        if (delta) return draft.set({ field: next(PAY_FIELDS, d.field, delta), refused: null });
        const edit = editField(d[d.field], ev, PAY_RULES[d.field]);
        if (edit) draft.set(edit.refused ? { refused: edit.refused } : { [d.field]: edit.value, refused: null });
        return;
      }

      if (e.phase === 'unsold' && e.relist.state === 'asking') {
        if (ev.kind === 'escape') return store.dispatch({ type: 'checkoutDismiss', id: e.id });
        if (ev.kind === 'enter') return submitRelist(e);
        const delta = moveDelta(ev);
        if (delta) return draft.set({ relistField: next(RELIST_FIELDS, d.relistField, delta) });
        const edit = editField(d.relist[d.relistField], ev, RELIST_RULES[d.relistField]);
        if (edit && !edit.refused) draft.set({ relist: { ...d.relist, [d.relistField]: edit.value } });
        return;
      }

      const char = ev.kind === 'char' ? ev.char : null;
      if (e.phase === 'unsold' && char === 'r' && (e.relist.state === 'idle' || e.relist.state === 'failed')) {
        const l = e.listing;
        if (completeListing(l)) {
          void commands.listItem({
            item: e.item,
            description: l.description,
            startPrice: l.startPrice,
            duration: l.durationS,
          });
          return;
        }
        return store.dispatch({ type: 'relistAsk', id: e.id });
      }
      // Nothing left to type once the sale is decided: q quits, as on the market screen (the router's).
      if (isFinished(e) && (ev.kind === 'enter' || ev.kind === 'escape'))
        return store.dispatch({ type: 'checkoutDismiss', id: e.id });
      // Sending or sent: waiting for the server's outcome.
      if (ev.kind === 'escape') store.dispatch({ type: 'checkoutHide' });
    },
    [store, commands, draft, draftFor, submitPayment, submitRelist],
  );

  // The view: the drafts of the checkout on screen (fresh ones until a key has been typed into it).
  const shown = current(s.checkout);
  const d = shown && stored.key !== shown.key ? freshFor(shown) : stored;
  const view: CheckoutFormView = {
    field: d.field,
    name: d.name,
    cardShown: cardGroups(d.card),
    cardDigits: d.card.length,
    expiry: d.expiry,
    address: d.address,
    errors: payErrors(d, s.now, d.attempted),
    cardOk: d.card.length >= 12 && luhnValid(d.card),
    refused: d.refused,
    relistField: d.relistField,
    relist: d.relist,
  };
  return { view, onKey };
}
