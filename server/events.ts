// The running server's typed events: what tests, the demo and operators await instead of polling
// files or reaching into the server. Every durable mutation is a Change (state/changes.ts), so the
// domain events are derived here from the changes, in one place, and emitted once the change is on
// disk: a listener may read db.json + the change log (readDurableState) and find what the event says.
// `committed` and `durable` expose the raw log; `watching` is the one event with no change behind it.
// Deriving an event costs nothing while nobody listens for it (the bid path commits thousands a second).
import { EventEmitter } from 'node:events';
import type { Cents, Role } from '../shared/protocol/messages.js';
import type { Change } from './state/changes.js';
import type { DbDoc, PartyRole } from './state/model.js';

export type ClosureStep = 'answer' | 'error' | 'complete' | 'cancel' | 'delivered';

export interface ServerEvents {
  /** A change applied in memory (not yet durable). */
  committed: [{ seq: number; change: Change }];
  /** Every change up to `seq` is on disk. */
  durable: [{ seq: number }];
  /** An account was bound to an address (REGISTER or LOGIN, §4). */
  bound: [{ name: string; role: Role; ip: string; udpPort: number; tcpPort: number; via: 'register' | 'login' }];
  deregistered: [{ name: string }];
  /** An address was granted (or renewed) a WATCH (§5): not a change, emitted at once. */
  watching: [{ ip: string; port: number; seconds: number }];
  listed: [{ auctionId: string; item: string; seller: string; startCents: Cents; closesAt: number }];
  subscribed: [{ auctionId: string; item: string; name: string; subscribed: boolean }];
  /** One recorded bid (§5: each is one BID_UPDATE), in order; `closesAt` after a soft-close extension. */
  bid: [{ auctionId: string; item: string; bidder: string; cents: Cents; closesAt: number }];
  /** A maximum set or raised (§5). In-process only: it never leaves the server on the wire. */
  'max-bid': [{ auctionId: string; item: string; bidder: string; maxCents: Cents }];
  negotiation: [{ auctionId: string; item: string; step: 'asked' | 'accepted' | 'refused'; cents: Cents }];
  'auction-closed': [{ auctionId: string; item: string; winner: string | null; finalCents: Cents }];
  /** A step of a closure (§7): a party's answer or failure, the decision, a final message delivered. */
  closure: [
    {
      auctionId: string;
      item: string;
      step: ClosureStep;
      party: PartyRole | null;
      state: 'pending' | 'complete' | 'cancelled' | 'unsold';
      /** The failure (`error`: e.g. `gave up: …`) or the reason (`cancel`). */
      detail?: string;
    },
  ];
  /** An ended auction moved to the history archive with its bids, closure and transaction (§8). */
  archived: [{ auctionId: string; item: string }];
  /** The store can no longer write: the server stops accepting work. */
  fatal: [Error];
  stopped: [];
}

export type ServerEventName = keyof ServerEvents;
type DomainName = Exclude<ServerEventName, 'committed' | 'durable' | 'watching' | 'fatal' | 'stopped'>;
/** The events derived from changes, emitted once their change is durable. */
export const DOMAIN_EVENTS: readonly DomainName[] = [
  'bound',
  'deregistered',
  'listed',
  'subscribed',
  'bid',
  'max-bid',
  'negotiation',
  'auction-closed',
  'closure',
  'archived',
];
const DOMAIN: ReadonlySet<string> = new Set<string>(DOMAIN_EVENTS);

type Derived = { [N in DomainName]: [N, ServerEvents[N][0]] }[DomainName];

/**
 * An event's payload as `--events` prints it, on stdout, which is often kept (issue 20.12): a maximum
 * is secret (§5: it never leaves the server), so a `max-bid` line says who set one on what, not how
 * much. In-process listeners still get `maxCents`.
 */
export function printable(name: ServerEventName, payload: unknown): unknown {
  if (name !== 'max-bid') return payload;
  const { maxCents: _secret, ...rest } = payload as ServerEvents['max-bid'][0];
  return rest;
}

/** The domain events a change stands for, read against the document it was just applied to. */
export function eventsOf(change: Change, doc: DbDoc, archivedItem?: string): Derived[] {
  const auction = (id: string) => doc.auctions[id];
  const closure = (id: string) => doc.closures[id];
  switch (change.t) {
    case 'register':
    case 'login': {
      const a = doc.accounts[change.name.toLowerCase()];
      return [
        [
          'bound',
          {
            name: a?.name ?? change.name,
            role: a?.role ?? 'buyer',
            ip: change.ip,
            udpPort: change.udpPort,
            tcpPort: change.tcpPort,
            via: change.t,
          },
        ],
      ];
    }
    case 'deregister':
      return [['deregistered', { name: change.name }]];
    case 'list':
      return [
        [
          'listed',
          {
            auctionId: change.id,
            item: change.item,
            seller: change.seller,
            startCents: change.startCents,
            closesAt: change.closesAt,
          },
        ],
      ];
    case 'subscribe':
    case 'unsubscribe':
      return [
        [
          'subscribed',
          {
            auctionId: change.auctionId,
            item: auction(change.auctionId)?.item ?? '',
            name: change.name,
            subscribed: change.t === 'subscribe',
          },
        ],
      ];
    case 'bid': {
      const a = auction(change.auctionId);
      return [
        [
          'bid',
          {
            auctionId: change.auctionId,
            item: a?.item ?? '',
            bidder: change.bidder,
            cents: change.cents,
            closesAt: a?.closesAt ?? 0,
          },
        ],
      ];
    }
    case 'contest': {
      const a = auction(change.auctionId);
      const base = { auctionId: change.auctionId, item: a?.item ?? '', closesAt: a?.closesAt ?? 0 };
      const out: Derived[] = change.bids.map((b) => ['bid', { ...base, bidder: b.bidder, cents: b.cents }]);
      if (change.max) {
        const { bidder, cents } = change.max;
        out.push(['max-bid', { auctionId: change.auctionId, item: base.item, bidder, maxCents: cents }]);
      }
      return out;
    }
    case 'negotiate-asked':
    case 'negotiate-answered': {
      const a = auction(change.auctionId);
      const step = change.t === 'negotiate-asked' ? 'asked' : change.accepted ? 'accepted' : 'refused';
      return [['negotiation', { auctionId: change.auctionId, item: a?.item ?? '', step, cents: a?.priceCents ?? 0 }]];
    }
    case 'close':
      return [
        [
          'auction-closed',
          {
            auctionId: change.auctionId,
            item: change.closure.item,
            winner: change.closure.buyer?.name ?? null,
            finalCents: change.closure.finalCents,
          },
        ],
      ];
    case 'closure-answer':
    case 'closure-error':
    case 'closure-complete':
    case 'closure-cancel':
    case 'closure-delivered': {
      const c = closure(change.auctionId);
      const step = change.t.slice('closure-'.length) as ClosureStep;
      const party = 'party' in change ? change.party : null;
      const detail = change.t === 'closure-error' ? change.error : change.t === 'closure-cancel' ? change.reason : null;
      const state = c?.state ?? 'pending';
      const item = c?.item ?? '';
      return [['closure', { auctionId: change.auctionId, item, step, party, state, ...(detail ? { detail } : {}) }]];
    }
    case 'archive':
      return [['archived', { auctionId: change.auctionId, item: archivedItem ?? '' }]];
    case 'rq-lease':
    case 'memo':
      return [];
    default: {
      const never: never = change;
      return never;
    }
  }
}

/**
 * The server's event emitter. The house reports each commit and the store each durable sequence
 * number; domain events wait in order until their change is durable.
 */
export class ServerEventBus extends EventEmitter<ServerEvents> {
  private domainListeners = 0;
  private held: Array<{ seq: number; events: Derived[] }> = [];

  constructor() {
    super();
    // Node's own meta-events, outside the typed map.
    const raw = this as unknown as EventEmitter;
    raw.on('newListener', (name: string | symbol) => {
      if (typeof name === 'string' && DOMAIN.has(name)) this.domainListeners++;
    });
    raw.on('removeListener', (name: string | symbol) => {
      if (typeof name === 'string' && DOMAIN.has(name)) this.domainListeners--;
    });
  }

  /** Called by the house for every change, right after it is applied to `doc`. */
  committed(seq: number, change: Change, doc: DbDoc, archivedItem?: string): void {
    if (this.listenerCount('committed') > 0) this.emit('committed', { seq, change });
    if (this.domainListeners > 0) {
      const events = eventsOf(change, doc, archivedItem);
      if (events.length > 0) this.held.push({ seq, events });
    }
  }

  /** Called by the store when every change up to `seq` is on disk. */
  durable(seq: number): void {
    if (this.listenerCount('durable') > 0) this.emit('durable', { seq });
    let n = 0;
    while (n < this.held.length && this.held[n].seq <= seq) n++;
    if (n === 0) return;
    const ready = this.held.splice(0, n);
    for (const { events } of ready) for (const [name, payload] of events) this.emitDomain(name, payload);
  }

  private emitDomain(name: DomainName, payload: Derived[1]): void {
    (this.emit as (n: string, p: unknown) => boolean)(name, payload);
  }
}
