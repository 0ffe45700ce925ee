// Help is open: ?, Esc, Enter or q close it (q does not quit from here).
import { useCallback } from 'react';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useStore } from '../../hooks/use-store.js';

export function useHelpKeys(): KeyHandler {
  const store = useStore();
  return useCallback(
    (ev) => {
      if (ev.kind === 'escape' || ev.kind === 'enter' || (ev.kind === 'char' && (ev.char === '?' || ev.char === 'q')))
        store.dispatch({ type: 'modalClose' });
    },
    [store],
  );
}
