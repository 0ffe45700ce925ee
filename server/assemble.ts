// Wires a server's parts together around a store, with no socket: house → outbox → watchers → domain
// core (market, accounts) → dispatch, plus the scheduler (timers) and the closure runner (TCP purchase).
// startServer() binds the result to a UDP port; the server's unit tests feed datagrams to `dispatch`
// directly and collect what the outbox sends, with a clock of their own.
import { Accounts } from './accounts.js';
import { ClosureRunner } from './closure/closure-runner.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import type { ServerEventBus } from './events.js';
import { AuctionHouse, type HouseConfig } from './house.js';
import type { Logger } from './log.js';
import { Market } from './market.js';
import { Outbox, ReplyCaches, type Transport } from './outbox.js';
import { Scheduler } from './scheduler.js';
import type { Services } from './services.js';
import type { Store } from './store/store.js';
import { Watchers } from './watchers.js';

export interface Assembly {
  services: Services;
  market: Market;
  accounts: Accounts;
  closures: ClosureRunner;
  scheduler: Scheduler;
  dispatch: Dispatch;
  /** Replies remembered from before a restart (§3), put back in the reply cache. */
  restored: number;
}

export function assembleServer(p: {
  store: Store;
  config: HouseConfig;
  now: () => number;
  log: Logger;
  events: ServerEventBus;
  /** Sends one datagram (the UDP socket, or a test's collector). */
  send: Transport;
  replyCacheBytes: number;
  /** The reply cache, if made before the store (which put its recovered memos in it as it opened). */
  replies?: ReplyCaches;
  /** The WATCH cookie key (§9: the house's); a fresh one by default. */
  watchKey?: Buffer;
}): Assembly {
  const { store, config, now, log, events } = p;
  const house = new AuctionHouse(store, config, now, (seq, change, doc, archived) =>
    events.committed(seq, change, doc, archived),
  );
  const replies = p.replies ?? new ReplyCaches(now, p.replyCacheBytes);
  store.recoverMemos(replies.restore);
  const restored = replies.restored;
  const outbox = new Outbox(store, p.send, log, now, replies);
  store.onDurable((seq) => events.durable(seq)); // after the outbox's listener: replies go out first
  const watchers = new Watchers(config.watchSeconds, config.maxWatchers, now, config.limits, p.watchKey);
  let closures: ClosureRunner | null = null;
  let scheduler: Scheduler | null = null;
  const services: Services = {
    house,
    outbox,
    watchers,
    log,
    events,
    lifecycle: {
      auctionChanged: (a) => scheduler?.arm(a),
      auctionClosed: (a) => closures?.begin(a.id),
      partyOnline: (name) => closures?.partyOnline(name),
    },
  };
  const market = new Market(services);
  const accounts = new Accounts(services, market);
  closures = new ClosureRunner(services);
  scheduler = new Scheduler(services, market);
  const dispatch = createDispatch({ ...services, market, accounts });
  return { services, market, accounts, closures, scheduler, dispatch, restored };
}
