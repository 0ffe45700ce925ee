// The filter prompt's keys: the table narrows as you type, Enter keeps the filter, Esc clears it, Tab
// switches between names and names-and-descriptions (the `d:` prefix, which can be typed too).
import { useCallback } from 'react';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useStore } from '../../hooks/use-store.js';
import { editField } from '../../input/field.js';
import { toggleMode } from './selectors.js';

export function useFilterKeys(): KeyHandler {
  const store = useStore();
  return useCallback(
    (ev) => {
      const m = store.getSnapshot().modal;
      if (m?.kind !== 'filter') return;
      if (ev.kind === 'escape') return store.dispatch({ type: 'modalClose' });
      if (ev.kind === 'enter') return store.dispatch({ type: 'filterApply' });
      if (ev.kind === 'tab' || ev.kind === 'backtab')
        return store.dispatch({ type: 'filterDraft', text: toggleMode(m.draft) });
      const edit = editField(m.draft, ev, { kind: 'text', max: 40 });
      if (edit && !edit.refused) store.dispatch({ type: 'filterDraft', text: edit.value });
    },
    [store],
  );
}
