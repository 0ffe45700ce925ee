// The durable store's reply memos (§3, issue 13 part 5): the reply to a request that changed state is
// written with its change, comes back at the next open while younger than the window, and the log
// segments that hold such memos outlive the snapshot that covers them, until the memos age out.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogStore, readDurableState, type LogStoreOptions } from './log-store.js';
import type { ReplyMemo } from './store.js';
import { list as listChange } from './store-contract.js';

let dir: string;
let file: string;
let clock: number;
const now = (): number => clock;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-memo-'));
  file = path.join(dir, 'db.json');
  clock = 1_000_000;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the store again; the memos it recovers as it reads its log, in order. */
async function reopen(opts: LogStoreOptions = {}): Promise<{ store: LogStore; memos: ReplyMemo[] }> {
  const memos: ReplyMemo[] = [];
  const store = await LogStore.open(file, {
    now,
    ...opts,
    onRecoveredMemo: (key, at, texts) => memos.push({ key, at, texts }),
  });
  return { store, memos };
}

const wals = (): string[] => readdirSync(dir).filter((f) => f.includes('.wal.'));
const list = listChange();
const bid = (cents: number) => ({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents, at: 0 }) as const;
const memo = (rq: number) => ({ key: `127.0.0.1:5 BID ${rq} lamp x`, at: clock, texts: [`BID_ACCEPTED ${rq}`] });

test('a memo rides with its change and comes back at the next open (after a crash and after a clean stop)', async () => {
  const s = await LogStore.open(file, { now });
  s.commit(list);
  s.commit(bid(150));
  s.remember(memo(7));
  await s.flush();
  expect(s.lastSeq).toBe(2); // no record of its own
  // no close(): as after kill -9
  const { store: again, memos } = await reopen();
  expect(memos).toEqual([memo(7)]);
  expect(again.doc.auctions.a1.bids).toHaveLength(1);
  await again.close();
  const { store: third, memos: thirdMemos } = await reopen();
  expect(thirdMemos).toEqual([memo(7)]);
  expect(readDurableState(file).auctions.a1.bids).toHaveLength(1);
  await third.close();
  await s.close().catch(() => undefined);
});

test('a change already on its way to disk gets its memo in a record of its own', async () => {
  const s = await LogStore.open(file, { now });
  s.commit(list);
  await new Promise((r) => setImmediate(r)); // the batch with the change has been taken for writing
  s.remember(memo(3));
  expect(s.lastSeq).toBe(2);
  await s.flush();
  await s.close();
  const { store: again, memos } = await reopen();
  expect(memos).toEqual([memo(3)]);
  expect(again.lastSeq).toBe(2);
  await again.close();
});

test('memos older than the window are not recovered, and the segments kept for them go', async () => {
  const s = await LogStore.open(file, { now, minSnapshotLogBytes: 1_000 });
  s.commit(list);
  s.commit(bid(101));
  s.remember(memo(1));
  for (let i = 0; i < 100; i++) {
    s.commit(bid(200 + i));
    if (i % 10 === 0) await s.flush();
  }
  await s.flush();
  expect(s.stats().snapshots).toBeGreaterThan(0);
  expect(wals().length).toBeGreaterThan(1); // the segment with the memo outlived its snapshot
  await s.close();
  expect(wals().length).toBeGreaterThan(0); // and the clean stop
  clock += 120_001;
  const { store: again, memos } = await reopen();
  expect(memos).toEqual([]);
  expect(again.doc.auctions.a1.bids).toHaveLength(101);
  expect(wals()).toHaveLength(1); // only the new, open segment
  await again.close();
  expect(wals()).toEqual([]);
});

test("a BID's usual memo (digest and bidder, BID_ACCEPTED) comes back from a line of words, covered or not", async () => {
  const usual = { key: `${'Q'.repeat(21)}_ bob`, at: clock + 2, texts: ['BID_ACCEPTED 9'] };
  const s = await LogStore.open(file, { now });
  s.commit(list);
  s.commit({ ...bid(150), at: clock });
  s.remember(usual);
  await s.flush();
  // no close(): the bid is only in the log, read as a change
  const { store: again, memos } = await reopen();
  expect(memos).toEqual([usual]);
  await again.close();
  // the clean stop snapshotted it: the line is read for its memo alone, as bytes
  const bytes: unknown[] = [];
  const third = await LogStore.open(file, {
    now,
    onRecoveredBidMemo: (b, digestAt, bidderAt, bidderLen, rqAt, rqLen, at) =>
      bytes.push([
        b.toString('latin1', digestAt, digestAt + 22),
        b.toString('latin1', bidderAt, bidderAt + bidderLen),
        b.toString('latin1', rqAt, rqAt + rqLen),
        at,
      ]),
  });
  expect(bytes).toEqual([[`${'Q'.repeat(21)}_`, 'bob', '9', clock + 2]]);
  expect(readDurableState(file).auctions.a1.bids).toHaveLength(1);
  await third.close();
  await s.close().catch(() => undefined);
});
