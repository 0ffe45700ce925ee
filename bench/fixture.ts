// History fixtures, built directly and fast in the formats the server reads (server/state/model.ts,
// validated by log-store.ts validateDoc; the archive of server/store/archive.ts):
// - writeHistoryArchive: what a server that has sold for a long time has on disk — a db.json with only
//   the accounts, and the ended auctions (bids, closure, transaction) in the monthly archive files (§8).
//   Used by `npm run bench` (history scaling of the bid storm) and `npm run bench:scale` (1 M / 10 M bids).
// - buildHistoryDoc: the format before the archive, every closed auction still in db.json (the
//   migration test, test/lifecycle/archive.test.ts).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { emptyDoc, type Account, type Auction, type Closure, type DbDoc } from '../server/state/model.js';
import { validateDoc } from '../server/store/log-store.js';
import { archiveDir, monthOf } from '../server/store/archive.js';

export interface FixtureOptions {
  /** Bids already stored, spread over closed auctions. */
  bids: number;
  /** Bids per historical auction (default 100). */
  bidsPerAuction?: number;
  /** Historical bidder accounts (default 50). */
  bidders?: number;
  now?: number;
}

const SELLER = 'hist-seller';

function accounts(now: number, nBidders: number): Record<string, Account> {
  const acct = (name: string, role: Account['role']): Account => ({
    name,
    role,
    ip: null,
    udpPort: null,
    tcpPort: null,
    registeredAt: now - 400 * 86_400_000,
  });
  const out: Record<string, Account> = { [SELLER]: acct(SELLER, 'seller') };
  for (let i = 0; i < nBidders; i++) out[`hist-b${i}`] = acct(`hist-b${i}`, 'buyer');
  return out;
}

export function buildHistoryDoc(opts: FixtureOptions): DbDoc {
  const doc = emptyDoc();
  const now = opts.now ?? Date.now();
  const per = Math.max(1, opts.bidsPerAuction ?? 100);
  const nBidders = Math.max(1, opts.bidders ?? 50);
  doc.accounts = accounts(now, nBidders);
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
      seller: SELLER,
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
      seller: { name: SELLER, delivered: true },
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

export interface ArchiveFixture {
  /** Bytes of db.json and of the archive files. */
  dbBytes: number;
  archiveBytes: number;
  auctions: number;
  files: number;
}

/**
 * Writes `opts.bids` bids of history as a server with the archive leaves them: db.json with the
 * accounts only (and `seq` past every archived change), the auctions — sold, with a transaction and
 * 10% commission — in monthly archive files over the past year. Lines are generated as text and
 * written in large chunks: 10 M bids (≈ 0.6 GB) take seconds, not minutes.
 */
export function writeHistoryArchive(dbFile: string, opts: FixtureOptions): ArchiveFixture {
  const now = opts.now ?? Date.now();
  const per = Math.max(1, opts.bidsPerAuction ?? 100);
  const nBidders = Math.max(1, opts.bidders ?? 50);
  const nAuctions = Math.ceil(opts.bids / per);
  const dir = archiveDir(dbFile);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const span = 360 * 86_400_000;
  let fd = -1;
  let month = '';
  let files = 0;
  let archiveBytes = 0;
  let chunk: string[] = [];
  let chunkLen = 0;
  const flush = (): void => {
    if (chunk.length === 0) return;
    const b = Buffer.from(chunk.join(''), 'utf8');
    for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off);
    archiveBytes += b.length;
    chunk = [];
    chunkLen = 0;
  };
  let left = opts.bids;
  for (let n = 0; n < nAuctions; n++) {
    const count = Math.min(per, left);
    left -= count;
    const closedAt = now - span + Math.floor((n / nAuctions) * span);
    const m = monthOf(closedAt);
    if (m !== month) {
      flush();
      if (fd >= 0) closeSync(fd);
      fd = openSync(path.join(dir, `${m}.jsonl`), 'a', 0o600);
      month = m;
      files++;
    }
    const id = `hist${String(n).padStart(8, '0')}`;
    const item = `hist-item-${n}`;
    const openedAt = closedAt - 3_600_000;
    const bids: string[] = [];
    for (let b = 0; b < count; b++)
      bids.push(`{"bidder":"hist-b${(n + b) % nBidders}","cents":${100 + b},"at":${openedAt + b * 1000}}`);
    const finalCents = 100 + count - 1;
    const winner = `hist-b${(n + count - 1) % nBidders}`;
    const commission = Math.round(finalCents / 10);
    const auction = `{"id":"${id}","item":"${item}","seller":"${SELLER}","description":"historical lot","startCents":100,"priceCents":100,"durationS":3600,"openedAt":${openedAt},"closesAt":${closedAt},"status":"closed","bids":[${bids.join(',')}],"subscribers":[],"negotiation":"none","closedAt":${closedAt},"winner":"${winner}","finalCents":${finalCents}}`;
    const closure = `{"auctionId":"${id}","item":"${item}","finalCents":${finalCents},"rq":"${n + 1}","startedAt":${closedAt},"deadline":${closedAt + 120_000},"buyer":{"name":"${winner}","answer":{"last4":"4242","expiry":"01/30","address":"1 Fixture Road"},"delivered":true},"seller":{"name":"${SELLER}","answer":{"last4":"4444","expiry":"01/30","address":"2 Fixture Road"},"delivered":true},"state":"complete","transactionId":"tx${id}"}`;
    const tx = `{"id":"tx${id}","auctionId":"${id}","item":"${item}","buyer":"${winner}","seller":"${SELLER}","chargedCents":${finalCents},"creditedCents":${finalCents - commission},"commissionCents":${commission},"buyerCardLast4":"4242","sellerCardLast4":"4444","at":${closedAt + 60_000}}`;
    const line = `{"s":${n + 1},"at":${closedAt + 60_000},"auction":${auction},"closure":${closure},"transaction":${tx}}\n`;
    chunk.push(line);
    chunkLen += line.length;
    if (chunkLen > 8 * 1024 * 1024) flush();
  }
  flush();
  if (fd >= 0) closeSync(fd);
  const doc = emptyDoc();
  doc.accounts = accounts(now, nBidders);
  doc.seq = nAuctions; // every archived change is older than the snapshot
  doc.rqCeiling = 1_000_000;
  const text = JSON.stringify(doc);
  writeFileSync(dbFile, text, { mode: 0o600 });
  return { dbBytes: Buffer.byteLength(text), archiveBytes, auctions: nAuctions, files };
}

/** The bench's stored history: the archive layout. Returns the bytes written (db.json + archive). */
export function writeHistoryDb(file: string, opts: FixtureOptions): number {
  const f = writeHistoryArchive(file, opts);
  return f.dbBytes + f.archiveBytes;
}

export interface OpenFloorOptions {
  /** Open auctions. */
  auctions: number;
  /** Seconds until the first closes; the others close one `spreadS` apart after it (default 1 h, 0.5 s). */
  firstCloseS?: number;
  spreadS?: number;
  /** Bids already on each auction (default 3). */
  bidsEach?: number;
  now?: number;
}

/** Item name of open-floor lot i: mixed case, so the catalog's case-insensitive order is exercised. */
export const floorItem = (i: number): string => `${i % 3 === 0 ? 'Lot' : 'lot'}-${String(i).padStart(6, '0')}`;

/**
 * A db.json with `auctions` open auctions (one seller, a few bidders, `bidsEach` bids each), written
 * directly: what a 10,000-lot sale looks like to a server that restarts in the middle of it. The
 * server opens it as is (no change log), arms every timer and serves the catalog.
 */
export function writeOpenFloor(dbFile: string, opts: OpenFloorOptions): { bytes: number; items: string[] } {
  const now = opts.now ?? Date.now();
  const doc = emptyDoc();
  doc.accounts = accounts(now, 20);
  const per = opts.bidsEach ?? 3;
  const items: string[] = [];
  for (let i = 0; i < opts.auctions; i++) {
    const id = `open${String(i).padStart(8, '0')}`;
    const item = floorItem(i);
    items.push(item);
    const bids: Auction['bids'] = [];
    for (let b = 0; b < per; b++)
      bids.push({ bidder: `hist-b${(i + b) % 20}`, cents: 1000 + b * 100, at: now - 60_000 + b });
    doc.auctions[id] = {
      id,
      item,
      seller: SELLER,
      description: `Lot ${i} of the sale, described in a few words`,
      startCents: 1000,
      priceCents: 1000,
      durationS: 86_400,
      openedAt: now - 60_000,
      closesAt: now + (opts.firstCloseS ?? 3600) * 1000 + Math.floor(i * (opts.spreadS ?? 0.5) * 1000),
      status: 'open',
      bids,
      subscribers: [],
      negotiation: 'refused', // no NEGOTIATE_REQ storm when the floor opens
      changeRq: i + 1,
    };
  }
  doc.rqCeiling = opts.auctions + 1;
  const text = JSON.stringify(doc);
  writeFileSync(dbFile, text, { mode: 0o600 });
  return { bytes: Buffer.byteLength(text), items };
}
