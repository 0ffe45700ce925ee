// The quit question's keys: y quits, anything else stays.
import { useCallback } from 'react';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';

export function useQuitKeys(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      if (ev.kind === 'char' && (ev.char === 'y' || ev.char === 'Y')) return commands.quit();
      store.dispatch({ type: 'quitCancel' });
    },
    [store, commands],
  );
}
