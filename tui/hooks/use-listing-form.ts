// The listing form's keys (seller mode). One handler for the whole form, no TextInput: keys that arrive
// in one chunk (a paste, `tmux send-keys`, fast typing) are applied one by one against the store's
// current draft, so Tab and Enter inside a chunk still move and submit.
// Tab / ↓ next field, Shift-Tab / ↑ previous, Enter lists (when every field is valid), Esc cancels,
// Backspace deletes, Ctrl-U clears the field.
import { useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback } from 'react';
import { checkListing, openItemKeys } from '../state/listing.js';
import type { ListingModal } from '../state/listing.js';
import { useCommands, useStore } from './use-store.js';

export function useListingForm({ isActive }: { isActive: boolean }): { onSubmit: () => void } {
  const store = useStore();
  const commands = useCommands();

  const form = useCallback((): ListingModal | null => {
    const m = store.getSnapshot().modal;
    return m?.kind === 'list' ? m : null;
  }, [store]);

  const onSubmit = useCallback(() => {
    const s = store.getSnapshot();
    const m = s.modal?.kind === 'list' ? s.modal : null;
    if (!m || m.pending) return;
    const { listing } = checkListing(m.draft, openItemKeys(s));
    if (!listing) return store.dispatch({ type: 'listInvalid' });
    void commands.listItem(listing);
  }, [store, commands]);

  const edit = useCallback(
    (change: (text: string) => string) => {
      const m = form();
      if (!m) return;
      store.dispatch({ type: 'listDraft', field: m.field, text: change(m.draft[m.field]) });
    },
    [store, form],
  );

  useInput(
    (input: string, key: Key) => {
      const { dispatch } = store;
      if (!form()) return;
      if (key.escape) return dispatch({ type: 'modalClose' });
      if (key.tab) return dispatch({ type: 'listFieldMove', delta: key.shift ? -1 : 1 });
      if (key.upArrow) return dispatch({ type: 'listFieldMove', delta: -1 });
      if (key.downArrow) return dispatch({ type: 'listFieldMove', delta: 1 });
      if (key.return) return onSubmit();
      if (key.backspace || key.delete) return edit(dropLast);
      if (key.ctrl && input === 'u') return edit(() => '');
      if (key.ctrl || key.meta || input === '') return;
      // Typed text; several keys may come in one chunk.
      let text = '';
      const flush = () => {
        if (text) edit((t) => t + text);
        text = '';
      };
      for (const ch of input) {
        if (ch === '\t') {
          flush();
          dispatch({ type: 'listFieldMove', delta: 1 });
        } else if (ch === '\r' || ch === '\n') {
          flush();
          onSubmit();
        } else if (ch === '\x7f' || ch === '\b') {
          flush();
          edit(dropLast);
        } else {
          text += ch;
        }
      }
      flush();
    },
    { isActive },
  );

  return { onSubmit };
}

function dropLast(text: string): string {
  return Array.from(text).slice(0, -1).join('');
}
