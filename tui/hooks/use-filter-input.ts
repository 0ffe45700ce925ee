// The filter prompt's keys: the table narrows as you type, Enter keeps the filter, Esc clears it.
import { useInput } from 'ink';
import { useCallback } from 'react';
import { useStore } from './use-store.js';

export function useFilterInput({ isActive }: { isActive: boolean }) {
  const store = useStore();
  useInput(
    (_input, key) => {
      if (key.escape) store.dispatch({ type: 'modalClose' });
    },
    { isActive },
  );
  const onChange = useCallback((text: string) => store.dispatch({ type: 'filterDraft', text }), [store]);
  const onSubmit = useCallback(() => store.dispatch({ type: 'filterApply' }), [store]);
  return { onChange, onSubmit };
}
