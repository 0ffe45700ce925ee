// A form's local drafts, outside React: a tiny store the key handler reads and writes synchronously
// (keys that arrive in one chunk see each other's edits before React re-renders) and the view
// subscribes to. For drafts that must never enter the app's store (the card number).
import { useState, useSyncExternalStore } from 'react';

export class DraftStore<T extends object> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}

  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  set(patch: Partial<T>): void {
    this.replace({ ...this.value, ...patch });
  }

  replace(value: T): void {
    if (value === this.value) return;
    this.value = value;
    for (const l of [...this.listeners]) l();
  }
}

/** A DraftStore made once for the component's life, and its current value. */
export function useDraft<T extends object>(initial: () => T): [T, DraftStore<T>] {
  const [store] = useState(() => new DraftStore(initial()));
  const value = useSyncExternalStore(store.subscribe, store.get, store.get);
  return [value, store];
}
