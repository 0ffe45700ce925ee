// The one bridge between the external store and React: context + useSyncExternalStore.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Commands } from '../commands.js';
import type { AuctionState } from '../state/reducer.js';
import type { AuctionStore } from '../state/store.js';

export const StoreContext = createContext<AuctionStore | null>(null);
export const CommandsContext = createContext<Commands | null>(null);

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
