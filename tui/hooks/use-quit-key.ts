// `q` quits (on screens with nothing else to type into, like the "enlarge the terminal" one).
import { useCallback } from 'react';
import type { KeyHandler } from './use-store.js';
import { useCommands } from './use-store.js';

export function useQuitKey(): KeyHandler {
  const commands = useCommands();
  return useCallback(
    (ev) => {
      if (ev.kind === 'char' && ev.char === 'q') commands.quit();
    },
    [commands],
  );
}
