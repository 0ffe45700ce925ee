// Auctions and accounts as plain values for the rules' table tests: built by applying real Changes to a
// fresh document (state/changes.ts), so they are exactly what the server would hold.
import type { Cents } from '../../shared/protocol/messages.js';
import { applyChange } from '../state/changes.js';
import { emptyDoc, type Account, type Auction } from '../state/model.js';
import { T0 } from './unit-server.js';

export interface AuctionSpec {
  /** Start (asking) price, cents. Default 10.00. */
  start?: Cents;
  durationS?: number;
  openedAt?: number;
  /** Recorded bids, in order: [bidder, cents]. */
  bids?: Array<[string, Cents]>;
  /** The leader's maximum: [bidder, cents]. */
  max?: [string, Cents];
  seller?: string;
}

export function auctionWith(spec: AuctionSpec = {}): Auction {
  const doc = emptyDoc();
  const openedAt = spec.openedAt ?? T0;
  const durationS = spec.durationS ?? 600;
  applyChange(doc, {
    t: 'list',
    id: 'a1',
    item: 'lamp',
    seller: spec.seller ?? 'sam',
    description: 'Brass lamp',
    startCents: spec.start ?? 1000,
    durationS,
    openedAt,
    closesAt: openedAt + durationS * 1000,
  });
  const bids = (spec.bids ?? []).map(([bidder, cents]) => ({ bidder, cents }));
  if (bids.length || spec.max) {
    applyChange(doc, {
      t: 'contest',
      auctionId: 'a1',
      at: openedAt + 1000,
      bids,
      ...(spec.max ? { max: { bidder: spec.max[0], cents: spec.max[1] } } : {}),
    });
  }
  return doc.auctions.a1;
}

export function accountOf(name: string, role: 'buyer' | 'seller' = 'buyer'): Account {
  return { name, role, ip: '127.0.0.1', udpPort: 1, tcpPort: 1, registeredAt: T0 };
}
