// The checkout pane's keys and its form drafts (PROTOCOL.md §7 INFORM_Res: Name CC# CC_Exp_Date Address).
//
// The drafts live here, in a ref, not in the store: the card number never enters the store, the event
// log or any file. The view handed to the component carries the card only masked (the last four digits
// as typed, the rest as •). Enter checks everything inline (name, Luhn, MM/YY not expired, address)
// and sends nothing until it passes; then CheckoutSession.inform() writes INFORM_Res on the server's
// connection and the card draft is wiped.
import { useInput } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { expiryError, fields, formatMoney, luhnValid } from '../../shared/protocol/index.js';
import type { Checkout } from '../state/checkout.js';
import { completeListing, current, isFinished, needsAnswer } from '../state/checkout.js';
import { parseDuration, parsePrice } from '../state/listing.js';
import { useCommands, useStore } from './use-store.js';

export type PayField = 'name' | 'card' | 'expiry' | 'address';
export const PAY_FIELDS: readonly PayField[] = ['name', 'card', 'expiry', 'address'];
export type RelistField = 'description' | 'price' | 'duration';
export const RELIST_FIELDS: readonly RelistField[] = ['description', 'price', 'duration'];

const MAX_CARD_DIGITS = 19;
const MAX_TEXT = 200;

interface Draft {
  key: string | null;
  field: PayField;
  name: string;
  /** The digits typed. Only ever in this ref: the view gets maskCardInput(card). */
  card: string;
  expiry: string;
  address: string;
  /** Enter was pressed with something missing: empty fields show their error too. */
  attempted: boolean;
  relistField: RelistField;
  relist: Record<RelistField, string>;
}

export interface CheckoutFormView {
  field: PayField;
  name: string;
  /** The card as shown: `•••• •••• •••• 1111` (only the last four digits typed are visible). */
  cardShown: string;
  cardDigits: number;
  expiry: string;
  address: string;
  /** Inline problems per field (Luhn, expiry, …); sending is blocked while any is set. */
  errors: Partial<Record<PayField, string>>;
  /** The card passes Luhn with a valid length (for the inline ✓). */
  cardOk: boolean;
  relistField: RelistField;
  relist: Record<RelistField, string>;
}

// ---- pure helpers (tested directly) ---------------------------------------------------------------

/** Masks all but the last four digits, grouped by four: `411111` → `••11 11`. */
export function maskCardInput(digits: string): string {
  const shown = digits.length <= 4 ? digits : '•'.repeat(digits.length - 4) + digits.slice(-4);
  return shown.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Typing into MM/YY: digits only, the slash put in by itself. */
export function expiryInput(current: string, typed: string): string {
  const digits = (current + typed).replace(/\D/g, '').slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

/** Backspace in MM/YY: the last digit goes, and the slash with it. */
export function expiryBackspace(current: string): string {
  const digits = current.replace(/\D/g, '').slice(0, -1);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

/** Inline problems of the payment draft at `now`; `all` also reports empty or unfinished fields. */
export function payErrors(
  d: Pick<Draft, 'name' | 'card' | 'expiry' | 'address'>,
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
  if (d.expiry.length === 5 || (all && d.expiry)) {
    const x = expiryError(d.expiry, new Date(now));
    if (x)
      e.expiry = `Expiry ${x === 'must be MM/YY with a month from 01 to 12' ? 'must be MM/YY (month 01 to 12)' : x}`;
  } else if (all) e.expiry = 'Expiry must be MM/YY';
  const addr = d.address.trim();
  if (all && !addr) e.address = 'Address is needed (where the item ships, or yours as seller)';
  else if (addr) {
    const a = fields.freeText(addr);
    if (!a.ok) e.address = `Address ${a.reason}`;
  }
  return e;
}

const printable = (input: string) => input.replace(/[\p{Cc}\p{Cs}]/gu, '');

/** One typed character into the focused payment field, with that field's rules. */
function typeInto(d: Draft, ch: string): Partial<Draft> {
  switch (d.field) {
    case 'name':
      return /\s/.test(ch) ? {} : { name: (d.name + ch).slice(0, 32) };
    case 'card':
      return /\d/.test(ch) ? { card: (d.card + ch).slice(0, MAX_CARD_DIGITS) } : {};
    case 'expiry':
      return { expiry: expiryInput(d.expiry, ch) };
    case 'address':
      return {
        address: Array.from(d.address + ch)
          .slice(0, MAX_TEXT)
          .join(''),
      };
  }
}

// ---- the hook -------------------------------------------------------------------------------------

export function useCheckoutForm({ isActive }: { isActive: boolean }): CheckoutFormView {
  const store = useStore();
  const commands = useCommands();
  const fresh = useCallback(
    (e: Checkout | null): Draft => {
      const s = store.getSnapshot();
      const l = e?.listing;
      return {
        key: e?.key ?? null,
        field: 'card',
        name: s.account.kind === 'account' ? s.account.name : '',
        card: '',
        expiry: '',
        address: s.checkout.address ?? '',
        attempted: false,
        relistField: 'description',
        relist: {
          description: l?.description ?? '',
          price: l && l.startPrice !== null ? formatMoney(l.startPrice) : '',
          duration: l && l.durationS !== null ? String(l.durationS) : '',
        },
      };
    },
    [store],
  );
  // Keys arriving in one chunk are handled before React re-renders: read and write through the ref.
  const draft = useRef<Draft>(fresh(current(store.getSnapshot().checkout)));
  const [, setTick] = useState(0);
  const commit = useCallback((patch: Partial<Draft>) => {
    draft.current = { ...draft.current, ...patch };
    setTick((n) => n + 1);
  }, []);

  // A new checkout on screen: fresh drafts (name and remembered address prefilled, card empty).
  const shownKey = current(store.getSnapshot().checkout)?.key ?? null;
  useEffect(() => {
    if (draft.current.key !== shownKey) commit(fresh(current(store.getSnapshot().checkout)));
  }, [shownKey, commit, fresh, store]);

  const submitPayment = useCallback(
    (e: Checkout) => {
      const d = draft.current;
      const s = store.getSnapshot();
      const errors = payErrors(d, s.now, true);
      const bad = PAY_FIELDS.find((f) => errors[f]);
      if (bad) {
        commit({ attempted: true, field: bad });
        store.dispatch({ type: 'checkoutFormError', id: e.id, reason: `Not sent: ${errors[bad]}` });
        return;
      }
      const form = { name: d.name.trim(), card: d.card, expiry: d.expiry, address: d.address.trim() };
      // The card leaves the draft as it goes on the wire: nothing keeps it afterwards.
      commit({ card: '', attempted: false });
      void commands.informCheckout(e.id, form);
    },
    [store, commands, commit],
  );

  const submitRelist = useCallback(
    (e: Checkout) => {
      const r = draft.current.relist;
      const desc = fields.freeText(r.description.trim());
      const price = parsePrice(r.price);
      const duration = parseDuration(r.duration);
      const problem = !desc.ok
        ? (['description', `Description ${desc.reason}`] as const)
        : !price.ok
          ? (['price', `Start price ${price.reason}`] as const)
          : !duration.ok
            ? (['duration', `Duration ${duration.reason}`] as const)
            : null;
      if (problem || !price.ok || !duration.ok) {
        if (problem) {
          commit({ relistField: problem[0] });
          store.dispatch({ type: 'relistError', id: e.id, reason: problem[1] });
        }
        return;
      }
      void commands.listItem({
        item: e.item,
        description: r.description.trim(),
        startPrice: price.value,
        duration: duration.value,
      });
    },
    [store, commands, commit],
  );

  useInput(
    (input, key) => {
      const s = store.getSnapshot();
      const e = current(s.checkout);
      if (!e) return;
      if (draft.current.key !== e.key) draft.current = fresh(e);
      const d = draft.current;

      if (needsAnswer(e)) {
        if (key.escape) return store.dispatch({ type: 'checkoutHide' });
        if (key.return) return submitPayment(e);
        const i = PAY_FIELDS.indexOf(d.field);
        if ((key.tab && key.shift) || key.upArrow)
          return commit({ field: PAY_FIELDS[(i + PAY_FIELDS.length - 1) % PAY_FIELDS.length] });
        if (key.tab || key.downArrow) return commit({ field: PAY_FIELDS[(i + 1) % PAY_FIELDS.length] });
        if (key.ctrl && input === 'u') return commit({ [d.field]: '' });
        if (key.backspace || key.delete) {
          if (d.field === 'expiry') return commit({ expiry: expiryBackspace(d.expiry) });
          return commit({ [d.field]: Array.from(d[d.field]).slice(0, -1).join('') });
        }
        if (key.ctrl || key.meta || !input) return;
        // Typed text; several keys may come in one chunk (a paste, tmux send-keys): Tab and Enter inside it still act.
        for (const ch of input) {
          const cur = draft.current;
          if (ch === '\t') commit({ field: PAY_FIELDS[(PAY_FIELDS.indexOf(cur.field) + 1) % PAY_FIELDS.length] });
          else if (ch === '\r' || ch === '\n') {
            submitPayment(e);
            break;
          } else if (ch === '\x7f' || ch === '\b')
            commit(
              cur.field === 'expiry'
                ? { expiry: expiryBackspace(cur.expiry) }
                : { [cur.field]: Array.from(cur[cur.field]).slice(0, -1).join('') },
            );
          else if (printable(ch)) commit(typeInto(cur, ch));
        }
        return;
      }

      if (e.phase === 'unsold' && e.relist.state === 'asking') {
        if (key.escape) return store.dispatch({ type: 'checkoutDismiss', id: e.id });
        if (key.return) return submitRelist(e);
        const i = RELIST_FIELDS.indexOf(d.relistField);
        if ((key.tab && key.shift) || key.upArrow)
          return commit({ relistField: RELIST_FIELDS[(i + RELIST_FIELDS.length - 1) % RELIST_FIELDS.length] });
        if (key.tab || key.downArrow) return commit({ relistField: RELIST_FIELDS[(i + 1) % RELIST_FIELDS.length] });
        const value = d.relist[d.relistField];
        if (key.backspace || key.delete)
          return commit({ relist: { ...d.relist, [d.relistField]: Array.from(value).slice(0, -1).join('') } });
        if (key.ctrl || key.meta || !input) return;
        const text = printable(input);
        if (text)
          commit({
            relist: {
              ...d.relist,
              [d.relistField]: Array.from(value + text)
                .slice(0, MAX_TEXT)
                .join(''),
            },
          });
        return;
      }

      if (e.phase === 'unsold' && input === 'r' && (e.relist.state === 'idle' || e.relist.state === 'failed')) {
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
      // Nothing left to type once the sale is decided: q quits, as on the market screen.
      if (isFinished(e) && input === 'q' && !key.ctrl) return commands.quit();
      if (isFinished(e) && (key.return || key.escape)) return store.dispatch({ type: 'checkoutDismiss', id: e.id });
      // Sending or sent: waiting for the server's outcome.
      if (key.escape) store.dispatch({ type: 'checkoutHide' });
    },
    { isActive },
  );

  const d = draft.current;
  const now = store.getSnapshot().now;
  return {
    field: d.field,
    name: d.name,
    cardShown: maskCardInput(d.card),
    cardDigits: d.card.length,
    expiry: d.expiry,
    address: d.address,
    errors: payErrors(d, now, d.attempted),
    cardOk: d.card.length >= 12 && luhnValid(d.card),
    relistField: d.relistField,
    relist: d.relist,
  };
}
