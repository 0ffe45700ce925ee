// `npm run bench:house-open` (issue 18): how long a new server takes to open a house of ~50k changes,
// without snapshots (the whole change stream replayed) and with them (the latest snapshot, then the
// batches after it and the reply window's), on a fresh 3-node JetStream cluster (R3). The changes are
// written as a loaded leader writes them: batches of 10 bids with a reply memo each, the house's clock
// advancing 100 ms a batch, so the last 120 s of batches (the reply window, §3) stay in the stream.
// Prints the median of --runs opens of each and the stream's message count and bytes.
import { performance } from 'node:perf_hooks';
import { connectHouse, type HouseConnection } from '../server/cluster/house-nats.js';
import { JetStreamStore, type JetStreamStoreOptions } from '../server/store/jetstream-store.js';
import { snapshotStream } from '../server/store/house-snapshot.js';
import { hasNatsServer, startNatsCluster } from '../scripts/lib/nats-cluster.js';
import { median } from './stats.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CHANGES = arg('changes', 50_000);
const RUNS = arg('runs', 3);
const PER_BATCH = 10;
const AUCTIONS = 500;

const log = (s: string): void => void process.stderr.write(`${s}\n`);

interface Result {
  ms: number[];
  messages: number;
  bytes: number;
  snapshotBytes: number;
  batchesRead: number;
}

async function fill(conn: HouseConnection, opts: JetStreamStoreOptions, clock: { t: number }): Promise<void> {
  const w = await JetStreamStore.open(conn.stream, opts);
  await w.lead();
  for (let a = 0; a < AUCTIONS; a++) {
    w.commit({
      t: 'list',
      id: `a${a}`,
      item: `lot-${a}`,
      seller: 'sam',
      description: 'a lot of the bench',
      startCents: 100,
      durationS: 3600,
      openedAt: 0,
      closesAt: 3_600_000,
    });
  }
  await w.flush();
  for (let i = AUCTIONS; i < CHANGES; i += PER_BATCH) {
    for (let k = i; k < i + PER_BATCH; k++) {
      const auctionId = `a${k % AUCTIONS}`;
      w.commit({ t: 'bid', auctionId, bidder: `bidder${k % 97}`, cents: 100 + k, at: clock.t });
      w.remember({ key: `127.0.0.1:${k % 60000} BID ${k}`, at: clock.t, texts: [`BID_ACCEPTED ${k} ${auctionId}`] });
    }
    await w.flush();
    clock.t += 100;
    if (i % 10_000 < PER_BATCH) log(`  ${i} changes`);
  }
  await w.close(); // with snapshots on: a clean stop stores one
}

async function measure(urls: string[], house: string, snapshots: boolean): Promise<Result> {
  const clock = { t: 1_000_000_000 };
  const opts: JetStreamStoreOptions = { now: () => clock.t, snapshotEveryBytes: snapshots ? 32 * 1024 * 1024 : 0 };
  const filler = await connectHouse(urls, house);
  await fill(filler, opts, clock);
  const info = await filler.stream.jsm.streams.info(filler.stream.stream);
  const snap = snapshots ? (await filler.stream.jsm.streams.info(snapshotStream(filler.stream))).state : null;
  await filler.close();
  const ms: number[] = [];
  let batchesRead = 0;
  for (let r = 0; r < RUNS; r++) {
    // A new server: its own connection, nothing cached.
    const conn = await connectHouse(urls, house);
    const t0 = performance.now();
    const s = await JetStreamStore.open(conn.stream, opts);
    ms.push(performance.now() - t0);
    batchesRead = s.opened.batchesRead;
    if (s.lastSeq < CHANGES) throw new Error(`opened at change ${s.lastSeq}, expected ${CHANGES}`);
    await s.close();
    await conn.close();
  }
  return { ms, messages: info.state.messages, bytes: info.state.bytes, snapshotBytes: snap?.bytes ?? 0, batchesRead };
}

if (!hasNatsServer()) {
  log('bench:house-open needs nats-server on PATH (apt-get install -y nats-server)');
  process.exit(1);
}
const cluster = await startNatsCluster(3);
try {
  const urls = cluster.urls.split(',');
  log(`house of ${CHANGES} changes in batches of ${PER_BATCH}, 3-node cluster (R3), ${RUNS} opens each`);
  const before = await measure(urls, 'open_plain', false);
  const after = await measure(urls, 'open_snap', true);
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const line = (name: string, r: Result): string =>
    `${name}: open median ${median(r.ms).toFixed(0)} ms (runs ${r.ms.map((m) => m.toFixed(0)).join(', ')}); ` +
    `stream ${r.messages} messages, ${mb(r.bytes)}; ${r.batchesRead} batches read` +
    (r.snapshotBytes ? `; snapshot stream ${mb(r.snapshotBytes)}` : '');
  console.log(line('without snapshots', before));
  console.log(line('with snapshots', after));
  console.log(`open time with/without snapshots = ${(median(after.ms) / median(before.ms)).toFixed(2)}`);
} finally {
  await cluster.stop();
}
