// §8 History at the store level: an `archive` change moves an auction out of the live document into
// the archive files in one durable change, and the two sides are reconciled at open after a crash.
// (The same with the real server process SIGKILLed mid-move: test/lifecycle/archive.test.ts.)
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Change } from '../state/changes.js';
import { archiveDir, archiveFiles, ArchiveWriter, monthOf, readArchive, readArchiveSync } from './archive.js';
import { LogStore, readDurableHistory, readDurableState } from './log-store.js';
import { decodeLine } from './log-line.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'archive-'));
  file = path.join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOV = Date.UTC(2026, 10, 24, 12);
const DEC = Date.UTC(2026, 11, 2, 12);

/** An auction with two bids, closed and settled, its buyer and seller told. */
function sale(id: string, item: string, at = NOV): Change[] {
  return [
    {
      t: 'list',
      id,
      item,
      seller: 'sam',
      description: 'a thing',
      startCents: 100,
      durationS: 60,
      openedAt: at - 60_000,
      closesAt: at,
    },
    { t: 'bid', auctionId: id, bidder: 'bea', cents: 150, at: at - 30_000 },
    { t: 'bid', auctionId: id, bidder: 'bob', cents: 200, at: at - 20_000 },
    {
      t: 'close',
      auctionId: id,
      at,
      closure: {
        auctionId: id,
        item,
        finalCents: 200,
        rq: '7',
        startedAt: at,
        deadline: at + 120_000,
        buyer: { name: 'bob' },
        seller: { name: 'sam' },
        state: 'pending',
      },
    },
    {
      t: 'closure-complete',
      auctionId: id,
      transaction: {
        id: `tx-${id}`,
        auctionId: id,
        item,
        buyer: 'bob',
        seller: 'sam',
        chargedCents: 200,
        creditedCents: 180,
        commissionCents: 20,
        buyerCardLast4: '4242',
        sellerCardLast4: '4444',
        at: at + 1000,
      },
    },
    { t: 'closure-delivered', auctionId: id, party: 'buyer' },
    { t: 'closure-delivered', auctionId: id, party: 'seller' },
  ];
}

test('an archive change moves the auction, its bids, closure and transaction out of db.json into the month file', async () => {
  const s = await LogStore.open(file);
  for (const c of [...sale('a1', 'lamp'), ...sale('a2', 'vase')]) s.commit(c);
  s.commit({ t: 'archive', auctionId: 'a1', at: NOV + 5000 });
  await s.flush();
  expect(s.doc.auctions.a1).toBeUndefined();
  expect(s.doc.closures.a1).toBeUndefined();
  expect(s.doc.transactions.map((x) => x.id)).toEqual(['tx-a2']);
  expect(s.stats().archived).toBe(1);
  // durable while running: the archive line is on disk beside the log line
  const [rec] = readArchiveSync(file);
  expect(rec).toMatchObject({
    auction: { id: 'a1', item: 'lamp', status: 'closed', bids: [{ bidder: 'bea' }, { bidder: 'bob' }] },
    closure: { state: 'complete', transactionId: 'tx-a1' },
    transaction: { commissionCents: 20 },
  });
  expect(archiveFiles(file).map((f) => f.month)).toEqual([monthOf(NOV)]);
  await s.close();
  const db = readFileSync(file, 'utf8');
  expect(db).not.toContain('lamp');
  expect(db).toContain('vase');
  expect(db.includes('\n')).toBe(false); // compact, also on the clean stop path
  expect(readDurableHistory(file).history.map((r) => r.auction.id)).toEqual(['a1']);
});

test('records go to the month they are archived in, never to an earlier file when the clock steps back', async () => {
  const s = await LogStore.open(file);
  for (const c of [...sale('a1', 'lamp'), ...sale('a2', 'vase'), ...sale('a3', 'pen')]) s.commit(c);
  s.commit({ t: 'archive', auctionId: 'a1', at: NOV });
  s.commit({ t: 'archive', auctionId: 'a2', at: DEC });
  s.commit({ t: 'archive', auctionId: 'a3', at: NOV + 1 }); // clock stepped back
  await s.close();
  expect(archiveFiles(file).map((f) => f.month)).toEqual(['2026-11', '2026-12']);
  expect(readArchiveSync(file, { fromMonth: '2026-12' }).map((r) => r.auction.id)).toEqual(['a2', 'a3']);
  const streamed: string[] = [];
  for await (const r of readArchive(file)) streamed.push(r.auction.id);
  expect(streamed).toEqual(['a1', 'a2', 'a3']);
});

test('a stranded closure (an outcome given up) keeps a small live record until it is delivered', async () => {
  const s = await LogStore.open(file);
  const changes = sale('a1', 'lamp').slice(0, -1); // the seller's outcome not delivered
  for (const c of changes) s.commit(c);
  s.commit({ t: 'closure-error', auctionId: 'a1', party: 'seller', error: 'gave up: deadline passed' });
  s.commit({ t: 'archive', auctionId: 'a1', at: NOV });
  expect(s.doc.auctions.a1).toBeUndefined();
  expect(s.doc.closures.a1).toMatchObject({ archived: true, seller: { name: 'sam', lastError: /^gave up/ } });
  expect(s.doc.closures.a1.seller.delivered).toBeFalsy();
  s.commit({ t: 'closure-delivered', auctionId: 'a1', party: 'seller' });
  s.commit({ t: 'archive', auctionId: 'a1', at: NOV + 1 }); // the record leaves; nothing more is archived
  expect(s.doc.closures.a1).toBeUndefined();
  await s.close();
  expect(readArchiveSync(file).map((r) => r.auction.id)).toEqual(['a1']);
});

/** A store with a1 archived at seq `archiveSeq` and durable, abandoned without close (as after kill -9). */
async function crashedAfterArchive(): Promise<{ archiveSeq: number; wal: string }> {
  const s = await LogStore.open(file);
  for (const c of sale('a1', 'lamp')) s.commit(c);
  const archiveSeq = s.commit({ t: 'archive', auctionId: 'a1', at: NOV });
  await s.flush();
  const wal = readdirSync(dir).find((f) => f.includes('.wal.'))!;
  return { archiveSeq, wal: path.join(dir, wal) };
}

test('crash with the change durable but its archive line not written: the line is written at the next open', async () => {
  const { wal } = await crashedAfterArchive();
  rmSync(archiveDir(file), { recursive: true }); // as if the archive write had not happened
  const again = await LogStore.open(file);
  expect(again.doc.auctions.a1).toBeUndefined();
  expect(readArchiveSync(file).map((r) => [r.auction.id, r.auction.bids.length])).toEqual([['a1', 2]]);
  await again.close();
  expect(readFileSync(file, 'utf8')).not.toContain('lamp');
  expect(readArchiveSync(file)).toHaveLength(1);
  expect(wal).toBeTruthy();
});

test('crash with the archive line written but the change not durable: the line is cut, the auction stays live', async () => {
  const { archiveSeq, wal } = await crashedAfterArchive();
  // drop the archive change (the last log line): as if the log write had not happened
  const lines = readFileSync(wal, 'utf8').split('\n').filter(Boolean);
  expect(decodeLine(lines.at(-1)!)).toMatchObject({ s: archiveSeq, c: { t: 'archive' } });
  writeFileSync(wal, lines.slice(0, -1).join('\n') + '\n');
  const again = await LogStore.open(file);
  expect(again.doc.auctions.a1.bids).toHaveLength(2);
  expect(readArchiveSync(file)).toEqual([]);
  // archived again later (by the closure runner): one line, with the new change's seq
  const seq = again.commit({ t: 'archive', auctionId: 'a1', at: NOV });
  expect(seq).toBe(archiveSeq);
  await again.close();
  expect(readArchiveSync(file).map((r) => r.s)).toEqual([archiveSeq]);
});

test('a torn archive line (the write cut by the crash) is cut off and written again whole', async () => {
  const { wal } = await crashedAfterArchive();
  const [f] = archiveFiles(file);
  const full = readFileSync(f.file, 'utf8');
  truncateSync(f.file, Math.floor(full.length / 2));
  expect(wal).toBeTruthy();
  const again = await LogStore.open(file);
  await again.close();
  expect(readFileSync(f.file, 'utf8')).toBe(full);
});

test('readDurableHistory sees an archive change that is still only in the log, once', async () => {
  await crashedAfterArchive();
  expect(readDurableHistory(file).history.map((r) => r.auction.id)).toEqual(['a1']);
  rmSync(archiveDir(file), { recursive: true });
  expect(readDurableHistory(file).history.map((r) => r.auction.id)).toEqual(['a1']);
  expect(readDurableState(file).auctions.a1).toBeUndefined();
});

test('ArchiveWriter.truncateAfter removes whole lines past the durable seq, across files', async () => {
  const w = ArchiveWriter.open(file);
  const line = (s: number): string => `{"s":${s},"at":0,"auction":{},"closure":null,"transaction":null}\n`;
  await w.append([
    { seq: 3, at: NOV, text: line(3) },
    { seq: 5, at: NOV, text: line(5) },
    { seq: 8, at: DEC, text: line(8) },
  ]);
  w.close();
  appendFileSync(archiveFiles(file)[1].file, '{"s":9,"at"');
  expect(ArchiveWriter.open(file).lastSeq).toBe(8); // the torn line goes
  const w2 = ArchiveWriter.open(file);
  expect(w2.truncateAfter(4)).toBe(3);
  w2.close();
  expect(archiveFiles(file).map((f) => f.month)).toEqual(['2026-11']);
  expect(readArchiveSync(file).map((r) => r.s)).toEqual([3]);
});
