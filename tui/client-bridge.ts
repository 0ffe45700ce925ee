// Client core events → store actions. The only place the TUI listens to the AuctionClient.
import type { EventEmitter } from 'node:events';
import type { CheckoutSession, ClientEvents } from '../shared/client/types.js';
import { formatServer } from './cli-args.js';
import type { AuctionStore } from './state/store.js';

/** Anything that emits the client core's typed events (AuctionClient, or a fake in tests). */
export type ClientEventSource = Pick<EventEmitter<ClientEvents>, 'on' | 'off'>;

export interface BridgeOptions {
  /** The 'checkout' event (TCP, PROTOCOL.md §7): the checkout pane of a later issue attaches here. */
  onCheckout?: (session: CheckoutSession) => void;
}

const CONNECTION_NOTICES = new Set(['The server does not answer', 'The server answers again']);

/** Wires the client's events into the store; returns the function that unwires them. */
export function bridgeClient(client: ClientEventSource, store: AuctionStore, opts: BridgeOptions = {}): () => void {
  const { dispatch } = store;
  const handlers: { [K in keyof ClientEvents]: (...args: ClientEvents[K]) => void } = {
    push: (msg) => dispatch({ type: 'push', msg }),
    catalog: (entries) => dispatch({ type: 'catalog', entries }),
    'catalog-progress': ({ received, total }) => dispatch({ type: 'catalogProgress', received, total }),
    connection: ({ state, rttMs }) => dispatch({ type: 'connection', state, rttMs }),
    session: ({ name, role }) => dispatch({ type: 'session', name, role }),
    sessionMoved: ({ name }) => dispatch({ type: 'sessionMoved', name }),
    server: ({ server, from, answered }) =>
      dispatch({ type: 'serverMoved', server: formatServer(server), from: formatServer(from), answered }),
    notice: (text) => {
      // Connection changes are logged from the 'connection' event already, naming the server.
      if (CONNECTION_NOTICES.has(text)) return;
      dispatch({ type: 'notice', text });
    },
    // The increment policy the core knows (it learns it from rejections and pushes, or --increments).
    increments: (increments) => dispatch({ type: 'increments', increments }),
    checkout: (session) => {
      dispatch({ type: 'checkoutOpened', id: session.id, opening: session.opening });
      session.on('message', (msg) => dispatch({ type: 'checkoutMessage', id: session.id, msg }));
      if (session.informReq) dispatch({ type: 'checkoutMessage', id: session.id, msg: session.informReq });
      session.on('end', () => dispatch({ type: 'checkoutEnded', id: session.id }));
      opts.onCheckout?.(session);
    },
  };
  for (const [event, fn] of Object.entries(handlers)) client.on(event as keyof ClientEvents, fn);
  return () => {
    for (const [event, fn] of Object.entries(handlers)) client.off(event as keyof ClientEvents, fn);
  };
}
