// The bid prompt's keys. The amount is edited here rather than by a text input: the prefilled
// minimum behaves as selected (the first digit typed replaces it, as in an order ticket; Backspace
// edits it instead), Ctrl-U clears, Enter sends, Esc cancels. A generic text input kept its own cursor, which
// drifted from the amount once a keystroke was dropped by the 2-decimal rule, and then ignored edits.
import { useInput } from 'ink';
import { fields } from '../../shared/protocol/index.js';
import { money } from '../format.js';
import type { AuctionStore } from '../state/store.js';
import { minimumBid } from '../state/selectors.js';
import type { Commands } from '../commands.js';
import { useCommands, useStore } from './use-store.js';

/** Keeps what can be part of an amount: digits and the first dot, at most 2 decimals. */
export function cleanAmount(text: string): string {
  const kept = text.replace(/[^0-9.]/g, '');
  const dot = kept.indexOf('.');
  if (dot === -1) return kept;
  return `${kept.slice(0, dot + 1)}${kept
    .slice(dot + 1)
    .replace(/\./g, '')
    .slice(0, 2)}`;
}

/** The draft after one key (or a pasted chunk), or null when the key does not edit the amount;
 *  `edited` false means the prefill is still selected. */
export function editAmount(
  draft: string,
  edited: boolean,
  input: string,
  key: { backspace?: boolean; delete?: boolean; ctrl?: boolean },
): string | null {
  if (key.ctrl) return input === 'u' ? '' : null;
  if (key.backspace || key.delete) return draft.slice(0, -1); // edits the prefill rather than replacing it
  const typed = input.replace(/[^0-9.]/g, '');
  if (typed === '') return null;
  return cleanAmount(edited ? draft + typed : typed);
}

function submitBid(store: AuctionStore, commands: Commands): void {
  const s = store.getSnapshot();
  const modal = s.modal;
  if (modal?.kind !== 'bid' || modal.pending) return;
  const amount = fields.money(modal.draft.trim());
  if (!amount.ok) return store.dispatch({ type: 'bidError', reason: `amount ${amount.reason}` });
  const a = s.auctions[modal.item.toLowerCase()];
  if (!a || a.closed) return store.dispatch({ type: 'bidError', reason: `${modal.item} is closed` });
  const min = minimumBid(a);
  if (amount.value < min) return store.dispatch({ type: 'bidError', reason: `bid at least ${money(min)}` });
  void commands.placeBid(modal.item, amount.value);
}

export function useBidInput({ isActive }: { isActive: boolean }): void {
  const store = useStore();
  const commands = useCommands();
  useInput(
    (input, key) => {
      const modal = store.getSnapshot().modal;
      if (modal?.kind !== 'bid') return;
      if (key.escape) return store.dispatch({ type: 'modalClose' });
      if (modal.pending) return;
      if (key.return) return submitBid(store, commands);
      const draft = editAmount(modal.draft, modal.edited, input, key);
      if (draft !== null) store.dispatch({ type: 'bidDraft', text: draft });
      // A pasted "13.50\r" arrives as one chunk: send it like a typed Enter.
      if (input.includes('\r')) submitBid(store, commands);
    },
    { isActive },
  );
}
