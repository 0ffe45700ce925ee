// The bid prompt's keys (a plain bid, or with `m` a maximum the server bids up to for us). The amount is a money field
// (tui/input/field.ts): the prefilled minimum behaves as selected (the first character typed replaces it, as in an
// order ticket; Backspace edits it instead), Ctrl-U clears, Enter sends what the box shows — or, when that is not a
// plain amount, nothing, and says why — and Esc cancels. A bid of at least 3× the current price or $1,000 above it (the
// --confirm-ratio / --confirm-above settings) asks for y before it is sent; n or Esc goes back.
import { useCallback } from 'react';
import type { Cents } from '../../../shared/protocol/index.js';
import type { Commands } from '../../commands.js';
import { money } from '../../format.js';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import { editField, parseAmount } from '../../input/field.js';
import { bidNeedsConfirm } from './selectors.js';
import { me as myName } from '../../state/session-selectors.js';
import { minimumBid, standing } from '../../state/auction-selectors.js';
import type { AuctionStore } from '../../state/store.js';

function submitBid(store: AuctionStore, commands: Commands): void {
  const s = store.getSnapshot();
  const modal = s.modal;
  if (modal?.kind !== 'bid' || modal.pending) return;
  const amount = parseAmount(modal.draft);
  if (!amount.ok) return store.dispatch({ type: 'bidError', reason: `Amount ${amount.reason}` });
  const a = s.auctions.get(modal.item.toLowerCase());
  if (!a || a.closed) return store.dispatch({ type: 'bidError', reason: `${modal.item} is closed` });
  const min = minimumBid(a, s.increments.policy);
  const max = modal.mode === 'max';
  if (amount.value < min)
    return store.dispatch({ type: 'bidError', reason: `${max ? 'set a maximum of' : 'bid'} at least ${money(min)}` });
  // The leader may raise its own maximum, never lower it (§5): say so before the server does.
  if (max && a.myMax && standing(a, myName(s)) === 'leading' && amount.value <= a.myMax)
    return store.dispatch({ type: 'bidError', reason: `raise it above your maximum ${money(a.myMax)}` });
  // Expensive: a second key first (y), so a slip of the finger (an extra zero) costs nothing.
  const why = bidNeedsConfirm(amount.value, a, s.settings);
  if (why) return store.dispatch({ type: 'bidConfirm', amount: amount.value, why });
  send(commands, modal.mode, modal.item, amount.value);
}

function send(commands: Commands, mode: 'bid' | 'max', item: string, amount: Cents): void {
  void (mode === 'max' ? commands.setMaxBid(item, amount) : commands.placeBid(item, amount));
}

export function useBidKeys(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      const modal = store.getSnapshot().modal;
      if (modal?.kind !== 'bid') return;
      if (ev.kind === 'escape' && modal.pending) return store.dispatch({ type: 'modalClose' });
      if (modal.pending) return;
      if (modal.confirm) {
        // The question takes y or n; Enter is not an answer (a double Enter must not send a large bid).
        if (ev.kind === 'char' && (ev.char === 'y' || ev.char === 'Y'))
          return send(commands, modal.mode, modal.item, modal.confirm.amount);
        // `+` on our own lead: nothing to edit, so any other key but Enter is "no" (a second + too).
        if (modal.confirm.ownLead) return ev.kind === 'enter' ? undefined : store.dispatch({ type: 'modalClose' });
        if (ev.kind === 'escape' || (ev.kind === 'char' && (ev.char === 'n' || ev.char === 'N')))
          return store.dispatch({ type: 'bidConfirmCancel' });
        if (ev.kind === 'enter') return;
        // Anything else edits the amount, which takes the question away.
      } else if (ev.kind === 'escape') return store.dispatch({ type: 'modalClose' });
      if (ev.kind === 'enter') return submitBid(store, commands);
      const edit = editField(modal.draft, ev, { kind: 'money', selected: !modal.edited });
      // A key the box does not take is said, never dropped in silence (an amount cut short is another amount).
      if (edit?.refused) store.dispatch({ type: 'bidError', reason: `Amount ${edit.refused}` });
      else if (edit) store.dispatch({ type: 'bidDraft', text: edit.value });
    },
    [store, commands],
  );
}
