// The bid prompt's keys: typing edits the amount (digits and one dot), Enter sends, Esc cancels.
import { useInput } from 'ink';
import { useCallback } from 'react';
import { fields } from '../../shared/protocol/index.js';
import { money } from '../format.js';
import { minimumBid } from '../state/selectors.js';
import { useCommands, useStore } from './use-store.js';

export interface BidInputHandlers { onChange: (text: string) => void; onSubmit: (text: string) => void }

/** Keeps what can be part of an amount: digits and the first dot, at most 2 decimals. */
export function cleanAmount(text: string): string {
  const kept = text.replace(/[^0-9.]/g, '');
  const dot = kept.indexOf('.');
  if (dot === -1) return kept;
  return `${kept.slice(0, dot + 1)}${kept.slice(dot + 1).replace(/\./g, '').slice(0, 2)}`;
}

export function useBidInput({ isActive }: { isActive: boolean }): BidInputHandlers {
  const store = useStore();
  const commands = useCommands();
  useInput((_input, key) => {
    if (key.escape) store.dispatch({ type: 'modalClose' });
  }, { isActive });

  const onChange = useCallback((text: string) => {
    store.dispatch({ type: 'bidDraft', text: cleanAmount(text) });
  }, [store]);

  const onSubmit = useCallback((text: string) => {
    const s = store.getSnapshot();
    const modal = s.modal;
    if (modal?.kind !== 'bid' || modal.pending) return;
    const amount = fields.money(text.trim());
    if (!amount.ok) return store.dispatch({ type: 'bidError', reason: `amount ${amount.reason}` });
    const a = s.auctions[modal.item.toLowerCase()];
    if (!a || a.closed) return store.dispatch({ type: 'bidError', reason: `${modal.item} is closed` });
    const min = minimumBid(a);
    if (amount.value < min) return store.dispatch({ type: 'bidError', reason: `bid at least ${money(min)}` });
    void commands.placeBid(modal.item, amount.value);
  }, [store, commands]);

  return { onChange, onSubmit };
}
