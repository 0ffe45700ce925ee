// The listing form's keys (seller mode). Each field is one of the field editor's kinds (the item a
// name, the description free text, the start price money, the duration free text read by
// parseDuration). Tab / ↓ next field, Shift-Tab / ↑ previous, Enter lists (when every field is
// valid), Esc cancels, Backspace deletes, Ctrl-U clears the field.
import { useCallback } from 'react';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import { editField } from '../../input/field.js';
import type { FieldRules } from '../../input/field.js';
import { openItemKeys } from '../../state/table-selectors.js';
import type { ListingField } from './actions.js';
import { checkListing } from './slice.js';

export const LISTING_RULES: Record<ListingField, FieldRules> = {
  item: { kind: 'name' },
  description: { kind: 'text' },
  price: { kind: 'money' },
  duration: { kind: 'text', max: 16 },
};

export function useListKeys(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      const { dispatch } = store;
      const s = store.getSnapshot();
      const m = s.modal?.kind === 'list' ? s.modal : null;
      if (!m) return;
      switch (ev.kind) {
        case 'escape':
          return dispatch({ type: 'modalClose' });
        case 'tab':
        case 'down':
          return dispatch({ type: 'listFieldMove', delta: 1 });
        case 'backtab':
        case 'up':
          return dispatch({ type: 'listFieldMove', delta: -1 });
        case 'enter': {
          if (m.pending) return;
          const { listing } = checkListing(m.draft, openItemKeys(s));
          if (!listing) return dispatch({ type: 'listInvalid' });
          void commands.listItem(listing);
          return;
        }
      }
      const edit = editField(m.draft[m.field], ev, LISTING_RULES[m.field]);
      if (edit && !edit.refused) dispatch({ type: 'listDraft', field: m.field, text: edit.value });
    },
    [store, commands],
  );
}
