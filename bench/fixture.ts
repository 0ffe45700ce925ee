// Writes a db.json holding `bids` bids of past (closed, settled-as-cancelled) auctions, directly and
// fast, in the format the server reads (server/state/model.ts, validated by log-store.ts validateDoc).
// Used by the bench to measure whether a long history slows the live write path down.
import { writeFileSync } from 'node:fs';
import { emptyDoc, type Auction, type Closure, type DbDoc } from '../server/state/model.js';
import { validateDoc } from '../server/store/log-store.js';

export interface FixtureOptions {
  /** Bids already stored, spread over closed auctions. */
  bids: number;
  /** Bids per historical auction (default 100). */
  bidsPerAuction?: number;
  /** Historical bidder accounts (default 50). */
  bidders?: number;
  now?: number;
}

export function buildHistoryDoc(opts: FixtureOptions): DbDoc {
  const doc = emptyDoc();
  const now = opts.now ?? Date.now();
  const per = Math.max(1, opts.bidsPerAuction ?? 100);
  const nBidders = Math.max(1, opts.bidders ?? 50);
  const seller = 'hist-seller';
  doc.accounts[seller] = {
    name: seller,
    role: 'seller',
    ip: null,
    udpPort: null,
    tcpPort: null,
    registeredAt: now - 86_400_000,
  };
  for (let i = 0; i < nBidders; i++) {
    const name = `hist-b${i}`;
    doc.accounts[name] = {
      name,
      role: 'buyer',
      ip: null,
      udpPort: null,
      tcpPort: null,
      registeredAt: now - 86_400_000,
    };
  }
  let left = opts.bids;
  for (let n = 0; left > 0; n++) {
    const count = Math.min(per, left);
    left -= count;
    const id = `hist${String(n).padStart(8, '0')}`;
    const item = `hist-item-${n}`;
    const openedAt = now - 86_400_000 + n;
    const bids: Auction['bids'] = [];
    for (let b = 0; b < count; b++)
      bids.push({ bidder: `hist-b${(n + b) % nBidders}`, cents: 100 + b, at: openedAt + b });
    const finalCents = bids[bids.length - 1].cents;
    const winner = bids[bids.length - 1].bidder;
    doc.auctions[id] = {
      id,
      item,
      seller,
      description: 'historical lot',
      startCents: 100,
      priceCents: 100,
      durationS: 3600,
      openedAt,
      closesAt: openedAt + 3_600_000,
      status: 'closed',
      bids,
      subscribers: [],
      negotiation: 'none',
      closedAt: openedAt + 3_600_000,
      winner,
      finalCents,
    };
    const closure: Closure = {
      auctionId: id,
      item,
      finalCents,
      rq: String(n + 1),
      startedAt: openedAt + 3_600_000,
      deadline: openedAt + 3_720_000,
      buyer: { name: winner, delivered: true },
      seller: { name: seller, delivered: true },
      state: 'cancelled',
      reason: 'history fixture',
    };
    doc.closures[id] = closure;
  }
  doc.rqCeiling = 1_000_000;
  const problem = validateDoc(doc);
  if (problem) throw new Error(`fixture ${problem}`);
  return doc;
}

/** Write the fixture to `file` (plain JSON, as the server's snapshots are). Returns its size in bytes. */
export function writeHistoryDb(file: string, opts: FixtureOptions): number {
  const text = JSON.stringify(buildHistoryDoc(opts), null, 1);
  writeFileSync(file, text, { mode: 0o600 });
  return Buffer.byteLength(text);
}
