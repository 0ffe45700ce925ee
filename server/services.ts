// The server's infrastructure, as the domain core (market.ts, accounts.ts), the scheduler and the
// closure runner see it: the house (state + indexes), the one module that sends datagrams, the
// watchers, the log, the event bus and the hooks into the parts that run on their own.
import type { AuctionHouse } from './house.js';
import type { Outbox } from './outbox.js';
import type { Watchers } from './watchers.js';
import type { Logger } from './log.js';
import type { ServerEventBus } from './events.js';
import type { Auction } from './state/model.js';

/** Hooks into the parts of the server that run on their own (timers, TCP closures). */
export interface Lifecycle {
  /** An auction was listed or its close time moved: (re)arm its timers. */
  auctionChanged(a: Auction): void;
  /** An auction closed with its closure record committed: start the purchase (§7). */
  auctionClosed(a: Auction): void;
  /** An account (re)bound an address: retry at once any purchase waiting for it (§7). */
  partyOnline(name: string): void;
}

export interface Services {
  house: AuctionHouse;
  outbox: Outbox;
  watchers: Watchers;
  log: Logger;
  events: ServerEventBus;
  lifecycle: Lifecycle;
}
