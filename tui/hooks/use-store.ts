// The one bridge between the external store and React: context + useSyncExternalStore.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Commands } from '../commands.js';
import type { KeyEvent } from '../input/keys.js';
import type { AuctionState } from '../state/model.js';
import type { AuctionStore } from '../state/store.js';

export const StoreContext = createContext<AuctionStore | null>(null);
export const CommandsContext = createContext<Commands | null>(null);

/** What every widget's keys hook returns: it is given each key while its widget has the keyboard. */
export type KeyHandler = (ev: KeyEvent) => void;

export function useStore(): AuctionStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() outside <StoreContext.Provider>');
  return store;
}

export function useCommands(): Commands {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommands() outside <CommandsContext.Provider>');
  return commands;
}

/** The current state; re-renders when the store notifies (at most once a frame for network updates). */
export function useAuctionState(): AuctionState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
