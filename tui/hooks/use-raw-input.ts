// The raw sequence behind each useInput callback. Ink parses every input event into (input, key) and
// loses what an Esc typed just before another key looked like ("\x1b+" reaches useInput as a bare
// `+`); tui/input/keys.ts needs the sequence to give both keys back. Ink emits each event on its
// stdin emitter and useInput listens there too: a listener put first (prependListener) sees the event
// just before useInput's callback runs for it, synchronously, in the same emit.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';

/** The raw sequence of the input event being handled now (undefined before the first one). */
export function useRawInput(isActive: boolean): () => string | undefined {
  const { internal_eventEmitter: emitter } = useStdin();
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!isActive || !emitter) return;
    const remember = (raw: string) => {
      last.current = raw;
    };
    emitter.prependListener('input', remember);
    return () => {
      emitter.removeListener('input', remember);
    };
  }, [emitter, isActive]);
  return () => last.current;
}
