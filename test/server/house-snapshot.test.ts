// Snapshots of a house (server/store/house-snapshot.ts) on a real single-node nats-server: the store
// contract with snapshots every few changes, a fresh replica opened from a snapshot after a purge
// (same document, fewer batches read, the reply window's memos still there), a snapshot half-written
// by a writer that died ignored, and fencing unchanged after a purge.
import { latestMarker, snapshotStream } from '../../server/store/house-snapshot.js';
import type { HouseStream } from '../../server/store/house-stream.js';
import { FencedError, JetStreamStore } from '../../server/store/jetstream-store.js';
import { list, storeContract } from '../../server/store/store-contract.js';
import type { ReplyMemo } from '../../server/store/store.js';
import { describeWithNats, houseStores } from '../support/nats.js';

// Snapshots are off unless asked for (jetstream-store.ts): these tests ask, 32 MB unless they say, and
// for the purge that follows each one (off by default: nats-server 2.9 mishandles it across restarts of
// a node, which these single-node tests never do).
const { start, stop, connect, open, writer } = houseStores(1, {
  snapshotEveryBytes: 32 * 1024 * 1024,
  purgeChanges: true,
});
let houses = 0;
let lastHouse = '';

const messages = async (house: string): Promise<number> => {
  const c = await connect(house);
  return (await c.stream.jsm.streams.info(c.stream.stream)).state.messages;
};

/**
 * The house's real stream, read through consumers that each pass over the batches in `skip` once, as a
 * nats-server 2.9 replica just back from a kill was seen to (jetstream-store.ts, SkippedError).
 */
function skipping(hs: HouseStream, skip: Set<number>): { hs: HouseStream; skipped: number[] } {
  const skipped: number[] = [];
  const consumers = new Proxy(hs.js.consumers, {
    get(target, prop, receiver) {
      if (prop !== 'get') return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: Parameters<typeof target.get>) => {
        const consumer = await target.get(...args);
        return new Proxy(consumer, {
          get(c, p, r) {
            if (p !== 'consume') return Reflect.get(c, p, r) as unknown;
            return async (...a: Parameters<typeof c.consume>) => {
              const msgs = await c.consume(...a);
              const passOver = async function* () {
                for await (const m of msgs) {
                  if (skip.delete(m.seq)) skipped.push(m.seq);
                  else yield m;
                }
              };
              return Object.assign(passOver(), { stop: () => msgs.stop() });
            };
          },
        });
      };
    },
  });
  const js = new Proxy(hs.js, {
    get: (t, p, r) => (p === 'consumers' ? consumers : (Reflect.get(t, p, r) as unknown)),
  });
  return { hs: { ...hs, js }, skipped };
}

/** Starts `r` following; the function returned resolves once it has applied change `seq`. */
function following(r: JetStreamStore): (seq: number) => Promise<void> {
  let waits: Array<{ seq: number; resolve: () => void }> = [];
  r.follow((seq) => {
    for (const w of waits) if (w.seq <= seq) w.resolve();
    waits = waits.filter((w) => w.seq > seq);
  });
  return (seq) => (r.lastSeq >= seq ? Promise.resolve() : new Promise((resolve) => waits.push({ seq, resolve })));
}

/** Lists auction a1, which `bids` bids on. */
const lamp = list();

/** Commits `n` bids on auction a1 in batches of `per` (each awaited, so each is a batch of its own). */
async function bids(s: JetStreamStore, from: number, n: number, per: number, at: () => number): Promise<void> {
  for (let i = from; i < from + n; i += per) {
    for (let k = i; k < Math.min(from + n, i + per); k++) {
      s.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 200 + k, at: at() });
    }
    s.remember({ key: `memo-${i}`.padEnd(22, '.'), at: at(), texts: [`BID_ACCEPTED ${i}`] });
    await s.flush();
  }
}

describeWithNats('house snapshots')('house snapshots on a real nats-server', () => {
  beforeAll(start);
  afterAll(stop);

  storeContract(
    'JetStreamStore snapshotting every 3 changes',
    async () => writer((lastHouse = `snapc${++houses}`), { snapshotEveryChanges: 3 }),
    { reopen: async () => open(lastHouse, { snapshotEveryChanges: 3 }) },
  );

  test('a fresh replica opens from the snapshot after a purge: same document, fewer batches, window memos', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const opts = { now, memoTtlMs: 120_000, snapshotEveryChanges: 400 };
    const w = await writer('purge', opts);
    w.commit(lamp);
    await bids(w, 0, 1000, 20, now); // old: their memos are outside the window by the time of the snapshot
    await w.snapshotSettled();
    clock += 300_000;
    await bids(w, 1000, 210, 21, now); // young: 10 batches with memos inside the window
    const batchesWritten = w.stats().writes;
    expect(w.stats().snapshots).toBeGreaterThanOrEqual(2);
    const last = w.lastSeq;
    const doc = JSON.stringify(w.doc);
    await w.close(); // a clean stop snapshots what is left
    expect(await messages('purge')).toBeLessThan(batchesWritten / 4);

    const r = await open('purge', opts);
    expect(r.opened.snapshotSeq).toBeGreaterThan(0);
    expect(r.opened.batchesRead).toBeLessThan(batchesWritten / 4);
    expect(r.lastSeq).toBe(last);
    expect(JSON.stringify(r.doc)).toBe(doc);
    const memos: ReplyMemo[] = [];
    r.recoverMemos((key, at, texts) => memos.push({ key, at, texts }));
    // The ten young memos come back; the fifty old ones were outside the window and are gone with their batches.
    expect(memos.map((m) => m.texts[0])).toEqual(Array.from({ length: 10 }, (_, i) => `BID_ACCEPTED ${1000 + i * 21}`));
    await r.close();
  });

  test('a batch the consumer passes over is read again: opening, memos and following miss nothing', async () => {
    const now = () => 1_000_000;
    const opts = { now, memoTtlMs: 120_000, snapshotEveryChanges: 40 };
    const w = await writer('skips', opts);
    w.commit(lamp);
    await bids(w, 0, 100, 5, now); // 20 batches, each with a memo; snapshots every 40 changes
    await w.snapshotSettled();
    const snapAt = w.stats().snapshots;
    expect(snapAt).toBeGreaterThanOrEqual(1);
    // Passed over: a batch before the snapshot, read for its memos only (one after it, applied, was
    // already read again: it looks like a purge).
    const c = await connect('skips');
    const { state } = await c.stream.jsm.streams.info(c.stream.stream);
    const views = skipping(c.stream, new Set([state.first_seq + 1]));
    const r = await JetStreamStore.open(views.hs, opts);
    expect(r.opened.snapshotSeq).toBeGreaterThan(state.first_seq + 1);
    expect(views.skipped).toEqual([state.first_seq + 1]);
    expect(JSON.stringify(r.doc)).toBe(JSON.stringify(w.doc));
    const memos: string[] = [];
    r.recoverMemos((_key, _at, texts) => memos.push(texts[0]));
    expect(memos).toEqual(Array.from({ length: 20 }, (_, i) => `BID_ACCEPTED ${i * 5}`));

    // Following: the next batch but one is passed over once; the replica still applies every batch.
    const next = (await c.stream.jsm.streams.info(c.stream.stream)).state.last_seq + 2;
    const followed = skipping(c.stream, new Set([next]));
    const f = await JetStreamStore.open(followed.hs, opts);
    let target = Infinity;
    let reached = (): void => undefined;
    const caughtUp = new Promise<void>((resolve) => (reached = resolve));
    f.follow((seq) => void (seq >= target && reached()));
    await bids(w, 100, 15, 5, now);
    target = w.lastSeq;
    if (f.lastSeq >= target) reached();
    await caughtUp;
    expect(followed.skipped).toEqual([next]);
    expect(JSON.stringify(f.doc)).toBe(JSON.stringify(w.doc));
    await Promise.all([w.close(), r.close(), f.close()]);
  });

  test('with replicaSnapshots the following replicas store the snapshots, and the writer only when they are gone', async () => {
    const now = () => 1_000_000;
    const warned: string[] = [];
    const warn = (m: string): number => warned.push(m);
    const opts = { now, memoTtlMs: 0, snapshotEveryChanges: 40, replicaSnapshots: true, warn };
    const w = await writer('by-replicas', { ...opts, name: 'writer' });
    const replicas = [
      await open('by-replicas', { ...opts, name: 'replica' }),
      await open('by-replicas', { ...opts, name: 'replica' }),
    ];
    const upTo = replicas.map((r) => following(r));
    w.commit(lamp);
    for (let i = 0; i < 200; i += 5) {
      await bids(w, i, 5, 5, now);
      for (const [k, r] of replicas.entries()) {
        await upTo[k](w.lastSeq);
        await r.snapshotSettled();
      }
    }
    await w.snapshotSettled();
    const [a, b] = replicas.map((r) => r.stats().snapshots);
    // Due every 40 changes: about five between them. Two due at once: one is fenced and takes the other's.
    expect(a + b).toBeGreaterThanOrEqual(4);
    expect(w.stats().snapshots).toBe(0);
    expect(warned.filter((m) => /snapshot/.test(m))).toEqual([]);
    const fresh = await open('by-replicas', opts);
    expect(fresh.opened.snapshotSeq).toBeGreaterThan(0);
    expect(JSON.stringify(fresh.doc)).toBe(JSON.stringify(w.doc));
    await fresh.close();

    // Alone, the writer stores one itself, once twice the interval has passed without one.
    await Promise.all(replicas.map((r) => r.close()));
    const c = await connect('by-replicas');
    const before = (await latestMarker(c.stream))!.marker;
    expect(before.by).toBe('replica');
    for (let i = 200; w.stats().snapshots === 0 && i < 500; i += 5) {
      await bids(w, i, 5, 5, now);
      await w.snapshotSettled();
    }
    expect(w.stats().snapshots).toBe(1);
    const after = (await latestMarker(c.stream))!.marker;
    expect(after.by).toBe('writer');
    expect(after.lastSeq - before.lastSeq).toBeGreaterThanOrEqual(80);
    const last = await open('by-replicas', opts);
    expect(last.opened.snapshotSeq).toBeGreaterThan(fresh.opened.snapshotSeq);
    await Promise.all([w.close(), last.close()]);
  });

  test('a snapshot read back wrong (size or SHA-256) is told, and the replica opens from the change stream', async () => {
    const w = await writer('damaged', { memoTtlMs: 0, purgeChanges: false }); // the default: a whole stream
    for (let i = 1; i <= 3; i++) {
      w.commit({ t: 'rq-lease', ceiling: i });
      await w.flush();
    }
    await w.close(); // stores a complete snapshot
    const c = await connect('damaged');
    const good = (await latestMarker(c.stream))!.marker;
    const done = `${c.stream.subject}.snap.done`;
    // A chunk's sequence holding another message (the marker's), as chaos saw; then the right size, other bytes.
    const cases = [
      { marker: { ...good, id: 'size', chunks: [(await latestMarker(c.stream))!.seq] }, said: /bytes read/ },
      { marker: { ...good, id: 'hash', sha256: 'x'.repeat(43) }, said: /not what was written \(SHA-256\)/ },
    ];
    for (const { marker, said } of cases) {
      await c.stream.js.publish(done, JSON.stringify(marker));
      const warned: string[] = [];
      const r = await open('damaged', { purgeChanges: false, warn: (m) => void warned.push(m) });
      expect(warned).toEqual([expect.stringMatching(said)]);
      expect(r.opened.snapshotSeq).toBe(0);
      expect(r.doc.rqCeiling).toBe(3);
      await r.close();
    }
  });

  test('a snapshot half-written by a writer that died is ignored: the replica opens from the one before', async () => {
    const w = await writer('halfway');
    w.commit({ t: 'rq-lease', ceiling: 10 });
    await w.flush();
    await w.close(); // stores a complete snapshot
    const c = await connect('halfway');
    const before = (await c.stream.jsm.streams.info(snapshotStream(c.stream))).state.messages;
    expect(before).toBeGreaterThan(0);
    // What a writer killed between its chunks and its marker leaves behind: chunks that no marker names.
    await c.stream.js.publish(`${c.stream.subject}.snap.chunk`, '{"format":"terminal-auction/1","seq":99,"rqCe');
    await c.stream.js.publish(`${c.stream.subject}.snap.chunk`, 'iling":99999');
    const r = await open('halfway');
    expect(r.doc.rqCeiling).toBe(10);
    expect(r.opened.snapshotSeq).toBeGreaterThan(0);
    // The next writer goes on from there, and its own snapshot replaces both.
    await r.lead();
    r.commit({ t: 'rq-lease', ceiling: 20 });
    await r.flush();
    await r.close();
    const again = await open('halfway');
    expect(again.doc.rqCeiling).toBe(20);
    await again.close();
  });

  test('the snapshot before the latest stays whole, so a server reading it as a newer one lands still finds its chunks', async () => {
    const w = await writer('keep', { snapshotEveryChanges: 1, memoTtlMs: 0 });
    const c = await connect('keep');
    const markers: Array<{ seq: number; chunks: number[] }> = [];
    for (let i = 1; i <= 3; i++) {
      w.commit({ t: 'rq-lease', ceiling: i });
      await w.flush();
      await w.snapshotSettled();
      const m = await c.stream.jsm.streams.getMessage(snapshotStream(c.stream), {
        last_by_subj: `${c.stream.subject}.snap.done`,
      });
      markers.push({ seq: m!.seq, chunks: m!.json<{ chunks: number[] }>().chunks });
    }
    expect(new Set(markers.map((m) => m.seq)).size).toBe(3);
    const has = async (seq: number): Promise<boolean> =>
      c.stream.jsm.streams.getMessage(snapshotStream(c.stream), { seq }).then(
        (m) => m !== null,
        () => false,
      );
    // The second snapshot (the one before the latest) is still readable; the first, two back, is gone.
    for (const seq of markers[1].chunks) expect(await has(seq)).toBe(true);
    for (const seq of markers[0].chunks) expect(await has(seq)).toBe(false);
    await w.close();
  });

  test('fencing still holds after a purge: the stream sequences keep counting', async () => {
    const a = await writer('fenced', { snapshotEveryChanges: 5, memoTtlMs: 0 });
    for (let i = 1; i <= 12; i++) {
      a.commit({ t: 'rq-lease', ceiling: i });
      await a.flush();
    }
    await a.snapshotSettled();
    expect(await messages('fenced')).toBeLessThan(12);
    const fatal = new Promise<Error>((resolve) => a.onFatal(resolve));
    const b = await writer('fenced');
    expect(b.doc.rqCeiling).toBe(12);
    a.commit({ t: 'rq-lease', ceiling: 99 });
    expect(await fatal).toBeInstanceOf(FencedError);
    await Promise.all([a.close(), b.close()]);
    const again = await open('fenced');
    expect(again.doc.rqCeiling).toBe(12);
    await again.close();
  });

  test('without purgeChanges a snapshot purges nothing, and a replica still opens from it', async () => {
    const opts = { snapshotEveryChanges: 1, memoTtlMs: 0, purgeChanges: false };
    const w = await writer('unpurged', opts);
    for (let i = 1; i <= 3; i++) {
      w.commit({ t: 'rq-lease', ceiling: i });
      await w.flush();
      await w.snapshotSettled();
    }
    expect(w.stats().snapshots).toBe(3); // one per batch after lead's
    expect(await messages('unpurged')).toBe(4);
    const r = await open('unpurged', opts);
    expect(r.opened.snapshotSeq).toBe(4);
    expect(r.opened.batchesRead).toBe(0);
    expect(r.doc.rqCeiling).toBe(3);
    await Promise.all([w.close(), r.close()]);
  });

  test('a replica left behind by a purge starts again from the snapshot when it takes over', async () => {
    const w = await writer('behind', { snapshotEveryChanges: 4, memoTtlMs: 0 });
    const r = await open('behind'); // opened, but not following: it falls behind
    for (let i = 1; i <= 12; i++) {
      w.commit({ t: 'rq-lease', ceiling: i });
      await w.flush();
    }
    await w.snapshotSettled();
    expect(await messages('behind')).toBeLessThan(12);
    await r.lead(); // fences w off, after reading the snapshot that covers what was purged
    expect(r.doc.rqCeiling).toBe(12);
    await Promise.all([w.close(), r.close()]);
  });

  test('a replica left behind by a purge of the whole stream (a snapshot at its last batch) takes over', async () => {
    // Each batch snapshotted once its own snapshot is stored: the last one covers the stream's end, and
    // with no memo in the window the stream is purged empty. (The replica saw an empty stream, took it
    // for one it had read to its end, and tried to lead from batch 0: refused, again and again, forever.)
    const w = await writer('emptied', { snapshotEveryChanges: 1, memoTtlMs: 0 });
    const r = await open('emptied');
    for (let i = 1; i <= 3; i++) {
      w.commit({ t: 'rq-lease', ceiling: i });
      await w.flush();
      await w.snapshotSettled();
    }
    expect(await messages('emptied')).toBe(0);
    await r.lead();
    expect(r.doc.rqCeiling).toBe(3);
    await Promise.all([w.close(), r.close()]);
  });
});
