// Without a TTY, useStdin().isRawModeSupported is undefined rather than false: gate every input hook
// (and TextInput's focus) on === true, or Ink throws when it tries to enable raw mode.
import { useStdin } from 'ink';

export function useKeyboardAvailable(): boolean {
  return useStdin().isRawModeSupported === true;
}
