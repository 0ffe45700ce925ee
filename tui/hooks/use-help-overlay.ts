// Help is open: ?, Esc, Enter or q close it (q does not quit from here).
import { useInput } from 'ink';
import { useStore } from './use-store.js';

export function useHelpOverlay({ isActive }: { isActive: boolean }): void {
  const store = useStore();
  useInput(
    (input, key) => {
      if (input === '?' || input === 'q' || key.escape || key.return) store.dispatch({ type: 'modalClose' });
    },
    { isActive },
  );
}
