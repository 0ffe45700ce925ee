// The filter prompt's keys: the table narrows as you type, Enter keeps the filter, Esc clears it.
import { useCallback } from 'react';
import { editField } from '../input/field.js';
import type { KeyHandler } from './use-store.js';
import { useStore } from './use-store.js';

export function useFilterInput(): KeyHandler {
  const store = useStore();
  return useCallback(
    (ev) => {
      const m = store.getSnapshot().modal;
      if (m?.kind !== 'filter') return;
      if (ev.kind === 'escape') return store.dispatch({ type: 'modalClose' });
      if (ev.kind === 'enter') return store.dispatch({ type: 'filterApply' });
      const edit = editField(m.draft, ev, { kind: 'text', max: 40 });
      if (edit && !edit.refused) store.dispatch({ type: 'filterDraft', text: edit.value });
    },
    [store],
  );
}
