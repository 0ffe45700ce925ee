// Small helpers for tests, benchmarks and demo bots: wait for an event instead of sleeping.
import type { EventEmitter } from 'node:events';
import type { AuctionClient } from './auction-client.js';
import type { Cancel, InformReq, PurchaseComplete, Push, ShippingInfo } from '../protocol/messages.js';
import type { CheckoutSession, ClientEvents, ConnectionState } from './types.js';

/**
 * Resolves with the first `event` whose argument matches `predicate`; rejects after `timeoutMs` with
 * a message naming what was awaited. Always removes its listener and timer.
 */
export function waitFor<K extends keyof ClientEvents>(
  client: AuctionClient,
  event: K,
  predicate: (arg: ClientEvents[K][0]) => boolean = () => true,
  timeoutMs = 5000,
  what = `'${String(event)}' event`,
): Promise<ClientEvents[K][0]> {
  return once(client, event, predicate as (arg: unknown) => boolean, timeoutMs, what) as Promise<ClientEvents[K][0]>;
}

/** The first push of this type (and item, if given). */
export function waitForPush<T extends Push['type']>(
  client: AuctionClient,
  type: T,
  item?: string,
  timeoutMs = 5000,
): Promise<Extract<Push, { type: T }>> {
  return waitFor(
    client,
    'push',
    (m) => m.type === type && (item === undefined || m.item.toLowerCase() === item.toLowerCase()),
    timeoutMs,
    `${type}${item ? ` for ${item}` : ''} push`,
  ) as Promise<Extract<Push, { type: T }>>;
}

/** Resolves at once if the connection is already in `state`, else on the change. */
export function waitForConnection(client: AuctionClient, state: ConnectionState, timeoutMs = 5000): Promise<void> {
  if (client.connection.state === state) return Promise.resolve();
  return waitFor(client, 'connection', (c) => c.state === state, timeoutMs, `connection '${state}'`).then(
    () => undefined,
  );
}

type SessionMessage = InformReq | PurchaseComplete | ShippingInfo | Cancel;

/** The next message of this type on a checkout conversation (resolves at once with an INFORM_Req that already came). */
export function waitForCheckoutMessage<T extends 'INFORM_Req' | 'PURCHASE_COMPLETE' | 'Shipping_Info' | 'CANCEL'>(
  session: CheckoutSession,
  type: T,
  timeoutMs = 5000,
): Promise<Extract<SessionMessage, { type: T }>> {
  if (type === 'INFORM_Req' && session.informReq)
    return Promise.resolve(session.informReq as Extract<SessionMessage, { type: T }>);
  return once(
    session as unknown as EventEmitter,
    'message',
    (m) => (m as SessionMessage).type === type,
    timeoutMs,
    `${type} on checkout ${session.id}`,
  ) as Promise<Extract<SessionMessage, { type: T }>>;
}

function once(
  emitter: EventEmitter,
  event: string,
  predicate: (arg: unknown) => boolean,
  timeoutMs: number,
  what: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onEvent = (arg: unknown) => {
      if (!predicate(arg)) return;
      done();
      resolve(arg);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
    };
    emitter.on(event, onEvent);
  });
}
