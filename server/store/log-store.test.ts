// What only the durable store must do: survive reopening, fold its log into db.json, refuse damage.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogStore, readDurableState } from './log-store.js';
import { DamagedFileError } from './durable-json-file.js';
import { list as listChange } from './store-contract.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'logstore-'));
  file = path.join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const list = listChange();

test('a new store writes an empty lowdb document', async () => {
  const s = await LogStore.open(file);
  await s.close();
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'terminal-auction/1', seq: 0, accounts: {} });
});

test('durable changes are in the log before a clean close, and in db.json after it', async () => {
  const s = await LogStore.open(file);
  s.commit(list);
  s.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 150, at: 5 });
  await s.flush();
  // while running: db.json is the old snapshot, the log has the changes; readDurableState sees both
  expect(JSON.parse(readFileSync(file, 'utf8')).seq).toBe(0);
  expect(readDurableState(file).auctions.a1.bids).toEqual([{ bidder: 'bob', cents: 150, at: 5 }]);
  await s.close();
  expect(JSON.parse(readFileSync(file, 'utf8')).auctions.a1.bids).toHaveLength(1);
  expect(readdirSync(dir).filter((f) => f.includes('.wal.'))).toEqual([]);
});

test('a change committed while close() has begun is written, not failed on a closed file', async () => {
  // Seen at a server's stop: a handler finishing after the socket closed commits, close() had already
  // waited for the flush, and the batch then ran into fd -1 ("cannot write db.json …", a fatal error).
  const s = await LogStore.open(file);
  s.commit(list);
  await s.flush();
  const fatal: Error[] = [];
  s.onFatal((e) => fatal.push(e));
  const closing = s.close();
  s.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 150, at: 5 });
  await closing;
  expect(fatal).toEqual([]);
  expect(readDurableState(file).auctions.a1.bids).toEqual([{ bidder: 'bob', cents: 150, at: 5 }]);
});

test('a store that was not closed (crash) is recovered from its log at the next open', async () => {
  const s = await LogStore.open(file);
  s.commit(list);
  await s.flush();
  // no close(): as after kill -9
  const again = await LogStore.open(file);
  expect(again.doc.auctions.a1.item).toBe('lamp');
  expect(again.lastSeq).toBe(1);
  await again.close();
  await s.close().catch(() => undefined);
});

test('a torn last line (never acknowledged) is ignored; a damaged middle line refuses to start', async () => {
  const s = await LogStore.open(file);
  s.commit(list);
  await s.flush();
  const wal = readdirSync(dir).find((f) => f.includes('.wal.'))!;
  appendFileSync(path.join(dir, wal), '{"s":2,"c":{"t":"bid","auc');
  const again = await LogStore.open(file);
  expect(again.lastSeq).toBe(1);
  await again.close();

  const s2 = await LogStore.open(file);
  s2.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 150, at: 5 });
  await s2.flush();
  const wal2 = readdirSync(dir).find((f) => f.includes('.wal.'))!;
  writeFileSync(path.join(dir, wal2), 'not json\n' + readFileSync(path.join(dir, wal2), 'utf8'));
  const before = readFileSync(path.join(dir, wal2));
  await expect(LogStore.open(file)).rejects.toThrow(DamagedFileError);
  expect(readFileSync(path.join(dir, wal2)).equals(before)).toBe(true);
});

test('snapshots rotate the log as it grows, and everything survives a reopen', async () => {
  const s = await LogStore.open(file, { minSnapshotLogBytes: 2_000 });
  s.commit(list);
  for (let i = 0; i < 400; i++) {
    s.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 101 + i, at: i });
    if (i % 20 === 0) await s.flush();
  }
  await s.flush();
  expect(s.stats().snapshots).toBeGreaterThan(0);
  expect(readDurableState(file).auctions.a1.bids).toHaveLength(400);
  await s.close();
  const again = await LogStore.open(file);
  expect(again.doc.auctions.a1.bids.map((b) => b.cents)).toEqual(Array.from({ length: 400 }, (_, i) => 101 + i));
  await again.close();
});

test('a damaged db.json is refused with its name and left byte-for-byte untouched', async () => {
  writeFileSync(file, '{"format": "terminal-auction/1", "seq": ');
  const before = readFileSync(file);
  await expect(LogStore.open(file)).rejects.toThrow(`${file}: is not valid JSON`);
  expect(readFileSync(file).equals(before)).toBe(true);
  writeFileSync(file, '{"hello": 1}');
  await expect(LogStore.open(file)).rejects.toThrow(/has format undefined/);
});

test('snapshots re-encode only the auctions changed since the last one, and still write the whole document', async () => {
  const s = await LogStore.open(file, { minSnapshotLogBytes: 1 }); // a snapshot after every write
  const ids = Array.from({ length: 30 }, (_, i) => `a${i}`);
  for (const id of ids) s.commit({ ...list, id, item: `lamp${id}` });
  await s.flush();
  let rq = 1;
  for (let round = 0; round < 600; round++) {
    const id = ids[(round * 7) % ids.length];
    if (round % 3 === 0) s.commit({ t: 'subscribe', name: `b${round}`, auctionId: id });
    else if (round % 3 === 1)
      s.commit({
        t: 'bid',
        auctionId: id,
        bidder: `b${round}`,
        cents: 200 + round,
        at: round,
        closesAt: 90_000 + round,
      });
    else s.commit({ t: 'negotiate-asked', auctionId: id, rq: String(rq++) });
    await s.flush(); // the next turn snapshots
    await new Promise((r) => setImmediate(r));
  }
  expect(s.stats().snapshots).toBeGreaterThan(3);
  const expected = JSON.parse(JSON.stringify(s.doc)) as unknown;
  await s.close();
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(expected);
});

test('a log written in the older object form is replayed, its memos with it, and new lines follow it', async () => {
  const bid = { t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 150, at: 7 } as const;
  const memo = { k: '127.0.0.1:5 BID 7 lamp 1.50', a: Date.now(), r: ['BID_ACCEPTED 7'] };
  writeFileSync(
    `${file}.wal.1`,
    `${JSON.stringify({ s: 1, c: list })}\n${JSON.stringify({ s: 2, c: bid, m: memo })}\n`,
  );
  const memos: unknown[] = [];
  const s = await LogStore.open(file, { onRecoveredMemo: (key, at, texts) => memos.push({ key, at, texts }) });
  expect(s.doc.auctions.a1.bids.map((b) => b.cents)).toEqual([150]);
  expect(memos).toEqual([{ key: memo.k, at: memo.a, texts: memo.r }]);
  s.commit({ ...bid, cents: 160, at: 8 });
  await s.flush();
  // no close: the next open replays the old segment (kept for its memo) and the new one
  const again = await LogStore.open(file);
  expect(again.doc.auctions.a1.bids.map((b) => b.cents)).toEqual([150, 160]);
  await again.close();
  await s.close().catch(() => undefined);
});

test('a log of the previous build (positional JSON bid lines) opens: changes, memos, covered or not', async () => {
  // What the build before the line of words wrote for a listing and two bids with their memos.
  const at = Date.now();
  const key = (n: number): string => `${String(n).repeat(22)} bob`;
  const old = (s: number, cents: number): string =>
    `[${s},"b","a1","bob",${cents},${at},0,${s}0,["${key(s)}",1,"BID_ACCEPTED ${s}"]]`;
  writeFileSync(`${file}.wal.1`, `[1,${JSON.stringify(list)}]\n${old(2, 150)}\n${old(3, 160)}\n`);
  const memos: unknown[] = [];
  const onRecoveredMemo = (k: string, a: number, texts: readonly string[]): number => memos.push([k, a, texts]);
  const s = await LogStore.open(file, { onRecoveredMemo });
  expect(s.doc.auctions.a1.bids.map((b) => b.cents)).toEqual([150, 160]);
  expect(s.doc.auctions.a1.changeRq).toBe(30);
  const expected = [2, 3].map((n) => [key(n), at + 1, [`BID_ACCEPTED ${n}`]]);
  expect(memos).toEqual(expected);
  s.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 170, at });
  await s.close();
  // The clean stop snapshotted them all: the old segment is read again only for its memos.
  memos.length = 0;
  const again = await LogStore.open(file, { onRecoveredMemo });
  expect(again.doc.auctions.a1.bids.map((b) => b.cents)).toEqual([150, 160, 170]);
  expect(memos).toEqual(expected);
  await again.close();
});

test('a segment is read a piece at a time: lines across the pieces, one longer than a piece, a torn end', async () => {
  const at = Date.now();
  const long = 'x'.repeat(1536 * 1024); // longer than the 1 MB the log is read through
  const bids = Array.from(
    { length: 30_000 }, // ~2.4 MB: lines cross the ends of the pieces
    (_, i) => `b${i + 3} a1 bob ${101 + i} ${at} 0 0 ${'Q'.repeat(22)} 0 ${i}`,
  );
  const torn = 'b30003 a1 bob 99999 1 0'; // never acknowledged: no newline after it
  writeFileSync(
    `${file}.wal.1`,
    `[1,${JSON.stringify(list)}]\n[2,"m",["k",${at},"${long}"]]\n${bids.join('\n')}\n${torn}`,
  );
  const memos: Array<readonly string[]> = [];
  const s = await LogStore.open(file, { onRecoveredMemo: (_k, _a, texts) => memos.push(texts) });
  expect(s.doc.auctions.a1.bids).toHaveLength(30_000);
  expect(s.doc.auctions.a1.bids.at(-1)?.cents).toBe(30_100);
  expect(s.lastSeq).toBe(30_002);
  expect(memos).toHaveLength(30_001);
  expect(memos[0]).toEqual([long]);
  expect(memos.at(-1)).toEqual(['BID_ACCEPTED 29999']);
  await s.close();
});
