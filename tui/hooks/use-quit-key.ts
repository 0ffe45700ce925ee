// `q` quits (on screens with nothing else to type into, like the "enlarge the terminal" one).
import { useInput } from 'ink';
import { useCommands } from './use-store.js';

export function useQuitKey({ isActive }: { isActive: boolean }): void {
  const commands = useCommands();
  useInput(
    (input) => {
      if (input === 'q') commands.quit();
    },
    { isActive },
  );
}
