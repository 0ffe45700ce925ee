// `npm run chaos -- --cluster` (issue 18.7): the chaos check of bench/chaos.ts against a house of
// several servers on a local 3-node JetStream cluster (PROTOCOL.md §9). Under a steady flow of bids,
// one fault at a time: SIGKILL of a random server (restarted on its port) or of a random NATS node
// (restarted on its store). Each bidder sends to one server and, as a client with `--server A,B,…`
// does, moves to the next when that one stops answering, retrying the same datagram there (§9 Retries
// move); after each restart it also resends some acknowledged bids, each to a random server. A few
// auctions close during the run, every other one with a bid, their parties answering on real TCP
// listeners (§7). At the end a fresh reader of the house's stream (what a new server starts from) is
// compared with what the clients were told:
// - lost: a BID_ACCEPTED bid that is not in the house's state (target 0);
// - wrongly rejected: a bid in the state whose bidder was told BID_REJECTED, or an acknowledged bid
//   rejected on a retry (target 0);
// - closures run twice: an auction whose closure ended twice (two NON_OFFERs, two PURCHASE_COMPLETEs or
//   Shipping_Infos, or both) (target 0); also counted: closures that never ended, and exchanges begun
//   again on a new connection (a closure carried on by another server after a kill).
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LineDecoder } from '../shared/protocol/index.js';
import { seededRandom } from '../shared/random.js';
import { connectHouse } from '../server/cluster/house-nats.js';
import { JetStreamStore } from '../server/store/jetstream-store.js';
import { hasNatsServer, startNatsCluster, type NatsCluster } from '../scripts/lib/nats-cluster.js';
import { ROOT, SERVER_ENTRY, spawnListening } from '../scripts/lib/processes.js';
import { killsOf, type ChaosConfig } from './chaos-args.js';
import { bidLoops, Client, type BidRec } from './chaos-client.js';
import { freePort, HOST } from './udp.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CARD = '4111111111111111'; // Luhn-valid test number
const SECRET = 'chaos-secret-0123456789';
/** Unanswered this many times on one server, a client moves to the next. */
const MOVE_AFTER_TRIES = 4;

// ---- the house ----------------------------------------------------------------------------------

const live = new Set<ChildProcess>();
let nats: NatsCluster | null = null;
const killAll = (): void => {
  for (const c of live) c.kill('SIGKILL');
  for (const n of nats?.nodes ?? []) n.child?.kill('SIGKILL');
};
process.on('exit', killAll);

interface HouseServer {
  port: number;
  child: ChildProcess | null;
}

async function startServer(s: HouseServer, urls: string, dir: string, snapshotKb: number): Promise<void> {
  const args = [...SERVER_ENTRY, '--nats', urls, '--udp-port', String(s.port), '--quiet'];
  if (snapshotKb > 0) args.push('--snapshot-min-kb', String(snapshotKb));
  args.push('--log-file', path.join(dir, `server-${s.port}.log`)); // appended to across restarts
  const p = await spawnListening(process.execPath, args, {
    name: `chaos: house server on udp ${s.port}`,
    maxOutput: 64 * 1024,
    timeoutMs: 60_000,
    onSpawn: (c) => {
      live.add(c);
      c.on('exit', () => live.delete(c));
    },
  });
  s.child = p.child;
}

async function killServer(s: HouseServer): Promise<void> {
  const c = s.child;
  s.child = null;
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const gone = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await gone;
}

// ---- a party's TCP side (§7) --------------------------------------------------------------------

/** What one auction's closure delivered to one party, by the connection it came on. */
interface ClosureLine {
  word: string;
  item: string;
  conn: number;
}

/** Listens for the closure connections, answers INFORM_Req with a valid card, records every line. */
class Party {
  readonly lines: ClosureLine[] = [];
  private conns = 0;
  private constructor(
    readonly name: string,
    private readonly server: net.Server,
  ) {}

  static async listen(name: string): Promise<Party> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, HOST, r));
    const p = new Party(name, server);
    server.on('connection', (socket) => p.accept(socket));
    return p;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private accept(socket: net.Socket): void {
    const conn = ++this.conns;
    const decoder = new LineDecoder();
    let item = '';
    socket.on('error', () => undefined); // a server killed mid-exchange resets it
    socket.on('data', (chunk) => {
      for (const r of decoder.push(chunk)) {
        if (!r.ok) continue;
        const [word, rq, name] = r.line.split(' ');
        // WINNER/SOLD/INFORM_Req/PURCHASE_COMPLETE/NON_OFFER name the item; Shipping_Info and CANCEL do not.
        if (/^(WINNER|SOLD|INFORM_Req|PURCHASE_COMPLETE|NON_OFFER)$/.test(word)) item = name;
        this.lines.push({ word, item, conn });
        if (word === 'INFORM_Req') socket.write(`INFORM_Res ${rq} ${this.name} ${CARD} 12/30 1 Chaos St\n`);
      }
    });
  }

  close(): void {
    this.server.close();
  }
}

// ---- the run ------------------------------------------------------------------------------------

export interface ClusterChaosResult {
  seconds: number;
  kills: { servers: number; natsNodes: number };
  bidsSent: number;
  acknowledged: number;
  rejected: number;
  unanswered: number;
  retransmits: number;
  moves: number;
  acknowledgedResent: number;
  /** The longest stretch without a bid acknowledged, anywhere in the house. */
  longestPauseS: number;
  /** When it began (s into the run: compare with the kill log). */
  longestPauseFromS: number;
  /** Per fault, the longest stretch without an acknowledged bid around it (§9: within 10 s). */
  stalls: Record<'afterServerKill' | 'afterNatsKill', { count: number; median: number; worst: number }>;
  lost: number;
  wronglyRejected: number;
  /** What the fresh server at the end opened from: the snapshot's batch (0: none), batches read, of how many. */
  opened: { snapshotSeq: number; batchesRead: number; batches: number };
  closures: {
    planned: number;
    ended: number;
    cancelled: number;
    runTwice: number;
    neverEnded: number;
    restartedExchanges: number;
  };
}

export async function clusterChaos(cfg: ChaosConfig): Promise<boolean> {
  if (!hasNatsServer()) {
    process.stderr.write('chaos: nats-server is not on PATH (apt-get install nats-server, or its release binary)\n');
    return false;
  }
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const rnd = seededRandom(cfg.seed);
  const killCount = killsOf(cfg);
  const t0 = performance.now();
  const deadline = t0 + cfg.maxS * 1000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chaos-cluster-'));
  nats = await startNatsCluster(3);
  const cluster = nats;
  const servers: HouseServer[] = [];
  let from = cfg.port || 5400;
  for (let i = 0; i < cfg.servers; i++) {
    const s: HouseServer = { port: await freePort(from, 5499), child: null };
    await startServer(s, cluster.urls, dir, cfg.snapshotKb); // bound before the next free port is looked for
    servers.push(s);
    from = s.port + 1;
  }
  const ports = servers.map((s) => s.port);
  log(
    `chaos --cluster: ${killCount} kills of servers and NATS nodes, ${cfg.servers} servers (udp ${ports.join(', ')}), ` +
      `3 NATS nodes (${cluster.urls}), ${cfg.clients} bidders on ${cfg.items} items, ${cfg.closures} closures, ` +
      `seed ${cfg.seed}, server logs in ${dir}`,
  );

  const seller = await Client.open('chaos_seller', ports, 0);
  const sellerParty = await Party.listen('chaos_seller');
  const clients = await Promise.all(
    Array.from({ length: cfg.clients }, (_, i) => Client.open(`chaos_b${i}`, ports, i)),
  );
  const parties = await Promise.all(clients.map((c) => Party.listen(c.name)));
  const all = [seller, ...clients];
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const c of all) {
      const cur = c.current;
      if (!cur || now - cur.lastSent < cfg.retryMs) continue;
      if (cur.tries++ % MOVE_AFTER_TRIES === 0) c.move(); // this server is silent: on to the next
      cur.lastSent = now;
      c.retransmits++;
      c.send(cur.text);
    }
  }, 50);
  const reg = (c: Client, role: string, tcp: number): Promise<string> =>
    c.request(`REGISTER ${c.nextRq()} ${c.name} ${role} ${HOST} ${c.udpPort} ${tcp} ${SECRET}`);
  if (!(await reg(seller, 'seller', sellerParty.port)).startsWith('REGISTERED'))
    throw new Error('seller not registered');
  for (const [i, c] of clients.entries())
    if (!(await reg(c, 'buyer', parties[i].port)).startsWith('REGISTERED')) throw new Error(`${c.name} not registered`);
  const items = Array.from({ length: cfg.items }, (_, i) => `chaos_item${i}`);
  for (const item of items) {
    const r = await seller.request(`LIST_ITEM ${seller.nextRq()} ${item} chaos lot 1.00 3600`);
    if (!r.startsWith('ITEM_LISTED')) throw new Error(`listing ${item}: ${r}`);
  }
  // The closing auctions: one every 6 s from 8 s on, so their closures meet the kills; every other one
  // gets one bid (WINNER/SOLD, INFORM, PURCHASE_COMPLETE/Shipping_Info), the rest end in NON_OFFER.
  const closing = Array.from({ length: cfg.closures }, (_, k) => ({
    item: `chaos_close${k}`,
    sold: k % 2 === 1,
    dueAt: 0,
  }));
  for (const [k, a] of closing.entries()) {
    const duration = 8 + 6 * k;
    const r = await seller.request(`LIST_ITEM ${seller.nextRq()} ${a.item} closing lot 1.00 ${duration}`);
    if (!r.startsWith('ITEM_LISTED')) throw new Error(`listing ${a.item}: ${r}`);
    a.dueAt = performance.now() + duration * 1000;
    if (a.sold) {
      const c = clients[k % clients.length];
      const b = await c.request(`BID ${c.nextRq()} ${a.item} 2.00`);
      if (!b.startsWith('BID_ACCEPTED')) throw new Error(`bid on ${a.item}: ${b}`);
    }
  }

  // Closed-loop bidders on the long auctions: a new bid always names more than any sent for its item.
  let stopping = false;
  const loopsAt = performance.now();
  const loops = bidLoops(clients, items, () => stopping);

  // The faults, one at a time: the house is promised to survive any one server or any one NATS node.
  const kills = { servers: 0, natsNodes: 0 };
  /** When each fault began (ms from t0) and what it hit: the stalls are measured against these. */
  const faults: Array<{ at: number; nats: boolean; what: string }> = [];
  let probes = 0;
  const lastDue = Math.max(0, ...closing.map((a) => a.dueAt));
  for (let k = 1; (k <= killCount || performance.now() < lastDue) && performance.now() < deadline; k++) {
    await sleep(500 + rnd() * 2500);
    const onNats = rnd() < 0.5;
    const i = Math.floor(rnd() * (onNats ? 3 : servers.length));
    const down = 300 + rnd() * 2000;
    const what = onNats ? `NATS node n${i + 1}` : `server on udp ${servers[i].port}`;
    faults.push({ at: performance.now() - t0, nats: onNats, what });
    if (onNats) {
      await cluster.kill(i);
      await sleep(down);
      await cluster.restart(i);
      kills.natsNodes++;
    } else {
      await killServer(servers[i]);
      await sleep(down);
      await startServer(servers[i], cluster.urls, dir, cfg.snapshotKb);
      kills.servers++;
    }
    // One fault at a time, as §9 promises to survive: the next waits until every stream has all its
    // replicas current again. (Without this a NATS node killed while the last one is still catching up
    // leaves a stream one replica short of a majority: two faults, and the house rightly stops.)
    const back = performance.now();
    await cluster.whole(60_000);
    const whole = performance.now() - back;
    // …and until the house takes bids again: a fault landing in the last one's stall would be measured
    // as one long stall of two faults. (Polled: the bidders' replies are the signal; 30 s at most.)
    while (!clients.some((c) => c.lastAckAt > back) && performance.now() - back < 30_000) await sleep(50);
    // Resend some acknowledged bids of the last 100 s (within the 120 s reply window), each to a random
    // server: the house must answer BID_ACCEPTED from its memory, never reject the bidder's own bid.
    const now = performance.now();
    for (const c of clients) {
      const acked = [...c.bids.values()].filter((b) => b.acked && now - b.firstSentAt < 100_000);
      for (let j = 0; j < Math.min(cfg.probes, acked.length); j++) {
        probes++;
        c.probe(acked[Math.floor(rnd() * acked.length)].text, () => undefined, ports[Math.floor(rnd() * ports.length)]);
      }
    }
    log(
      `  ${(faults[faults.length - 1].at / 1000).toFixed(1)} s: kill ${k}: ${what}, down ${(down / 1000).toFixed(1)} s, ` +
        `back; cluster whole ${(whole / 1000).toFixed(1)} s later`,
    );
  }

  // Drain: the outstanding bids answered, the closures ended (or 30 s past the last one due).
  const stoppedAt = performance.now();
  stopping = true;
  await Promise.race([Promise.all(loops), sleep(15_000)]);
  const ended = (a: (typeof closing)[number]): boolean =>
    a.sold
      ? parties.some((p) => p.lines.some((l) => l.item === a.item && l.word === 'PURCHASE_COMPLETE'))
      : sellerParty.lines.some((l) => l.item === a.item && l.word === 'NON_OFFER');
  const until = Math.max(lastDue, performance.now()) + 30_000;
  while (!closing.every(ended) && performance.now() < until) await sleep(200);
  await sleep(1000); // a second ending, if there is one, and late probe replies
  clearInterval(sweep);

  // What a fresh server of the house starts from: the stream, replayed.
  for (const s of servers) await killServer(s);
  const conn = await connectHouse(cluster.urls.split(','), 'main');
  const store = await JetStreamStore.open(conn.stream);
  const doc = structuredClone(store.doc);
  // With --snapshot-kb: whether the snapshots kept up (the one opened from is near the stream's end).
  const opened = { ...store.opened, batches: (await conn.stream.jsm.streams.info(conn.stream.stream)).state.last_seq };
  await store.close();
  await conn.close();
  for (const c of all) c.close();
  for (const p of [sellerParty, ...parties]) p.close();
  await cluster.stop();
  nats = null;

  const stored = new Set<string>();
  for (const a of Object.values(doc.auctions)) for (const b of a.bids) stored.add(`${a.item} ${b.cents} ${b.bidder}`);
  const recs: BidRec[] = clients.flatMap((c) => [...c.bids.values()]);
  const isStored = (b: BidRec): boolean => stored.has(`${b.item} ${b.cents} ${b.bidder}`);
  const lost = recs.filter((b) => b.acked && !isStored(b));
  // The house going on: the longest stretch of the run without a bid acknowledged.
  const acks = [loopsAt, ...recs.flatMap((b) => (b.ackedAt ? [b.ackedAt] : [])), stoppedAt].sort((a, b) => a - b);
  let longestPauseMs = 0;
  let pauseFrom = 0;
  for (let i = 1; i < acks.length; i++)
    if (acks[i] - acks[i - 1] > longestPauseMs) {
      longestPauseMs = acks[i] - acks[i - 1];
      pauseFrom = acks[i - 1] - t0;
    }
  // Each fault's stall: the longest gap between acknowledgements that overlaps the fault's stretch
  // (from its kill to the next one), so a pause that began just before the kill still counts.
  const stalls = faults.map((f, k) => {
    const from = f.at + t0;
    const to = k + 1 < faults.length ? faults[k + 1].at + t0 : stoppedAt;
    let worst = 0;
    for (let i = 1; i < acks.length; i++)
      if (acks[i] > from && acks[i - 1] < to) worst = Math.max(worst, acks[i] - acks[i - 1]);
    return { ...f, stallMs: worst };
  });
  const stallFigures = (nats: boolean): { median: number; worst: number; count: number } => {
    const v = stalls
      .filter((x) => x.nats === nats)
      .map((x) => x.stallMs)
      .sort((a, b) => a - b);
    const s1 = (ms: number): number => Math.round(ms / 100) / 10;
    return { count: v.length, median: s1(v[Math.floor(v.length / 2)] ?? 0), worst: s1(v[v.length - 1] ?? 0) };
  };
  const wrong = recs.filter((b) => (b.rejected && isStored(b)) || b.rejectedOnRetry);
  const closureLines = [sellerParty, ...parties].flatMap((p) => p.lines);
  let runTwice = 0;
  let restartedExchanges = 0;
  let cancelled = 0;
  for (const a of closing) {
    const mine = closureLines.filter((l) => l.item === a.item);
    const count = (w: string, lines = mine): number => lines.filter((l) => l.word === w).length;
    const atSeller = sellerParty.lines.filter((l) => l.item === a.item);
    // The ends of a closure: a sale's PURCHASE_COMPLETE (buyer) and Shipping_Info (seller), or a CANCEL
    // to the buyer; NON_OFFER without a bid. Any end twice, or both kinds, is a closure run twice.
    const buyerEnds =
      count('PURCHASE_COMPLETE') +
      count(
        'CANCEL',
        mine.filter((l) => !atSeller.includes(l)),
      );
    const ends = a.sold ? Math.max(buyerEnds, count('Shipping_Info', atSeller)) : count('NON_OFFER');
    if (ends > 1 || (a.sold ? count('NON_OFFER') > 0 : count('WINNER') + count('SOLD') > 0)) runTwice++;
    cancelled += count(
      'CANCEL',
      mine.filter((l) => !atSeller.includes(l)),
    );
    restartedExchanges += Math.max(0, count('WINNER') - 1) + Math.max(0, count('SOLD') - 1);
  }
  const result: ClusterChaosResult = {
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    kills,
    bidsSent: recs.length,
    acknowledged: recs.filter((b) => b.acked).length,
    rejected: recs.filter((b) => b.rejected).length,
    unanswered: recs.filter((b) => !b.acked && !b.rejected).length,
    retransmits: all.reduce((n, c) => n + c.retransmits, 0),
    moves: all.reduce((n, c) => n + c.moves, 0),
    acknowledgedResent: probes,
    longestPauseS: Math.round(longestPauseMs / 100) / 10,
    longestPauseFromS: Math.round(pauseFrom / 100) / 10,
    stalls: { afterServerKill: stallFigures(false), afterNatsKill: stallFigures(true) },
    lost: lost.length,
    wronglyRejected: wrong.length,
    opened,
    closures: {
      planned: closing.length,
      ended: closing.filter(ended).length,
      cancelled,
      runTwice,
      neverEnded: closing.filter((a) => !ended(a)).length,
      restartedExchanges,
    },
  };
  const c = result.closures;
  const ok = result.lost === 0 && result.wronglyRejected === 0 && c.runTwice === 0 && c.neverEnded === 0;
  process.stdout.write(
    `\nchaos --cluster: ${kills.servers + kills.natsNodes} SIGKILLs (${kills.servers} of servers, ${kills.natsNodes} of NATS nodes) ` +
      `in ${result.seconds} s, ${cfg.servers} servers on 3 NATS nodes\n` +
      `  bids sent ${result.bidsSent}, acknowledged ${result.acknowledged}, rejected ${result.rejected} (outbid), ` +
      `unanswered ${result.unanswered}, retransmits ${result.retransmits}, moves to another server ${result.moves}\n` +
      `  acknowledged bids resent to a random server after a restart: ${result.acknowledgedResent}; ` +
      `longest stretch without an acknowledged bid: ${result.longestPauseS} s (from ${result.longestPauseFromS} s)\n` +
      `  stall per fault (s without an acknowledged bid): server kills median ${result.stalls.afterServerKill.median}, ` +
      `worst ${result.stalls.afterServerKill.worst}; NATS node kills median ${result.stalls.afterNatsKill.median}, ` +
      `worst ${result.stalls.afterNatsKill.worst}\n` +
      `  closures: ${c.ended} of ${c.planned} ended, ${c.cancelled} cancelled, ${c.runTwice} run twice, ` +
      `${c.neverEnded} never ended ` +
      `(${c.restartedExchanges} exchanges begun again by another server)\n` +
      `  a fresh server opened ${opened.snapshotSeq ? `from the snapshot at batch ${opened.snapshotSeq}` : 'with no snapshot'}` +
      ` of ${opened.batches}, reading ${opened.batchesRead} batches\n` +
      `  lost (acknowledged, not in the house): ${result.lost}   wrongly rejected (own bid stored, told BID_REJECTED): ` +
      `${result.wronglyRejected}   closures run twice: ${c.runTwice}\n` +
      `  → ${ok ? 'OK' : 'FAILED'}\n`,
  );
  const out =
    cfg.out ??
    path.join(ROOT, 'bench', 'results', `chaos-cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  const examples = {
    lost: lost.slice(0, 5).map((b) => b.text),
    wrong: wrong.slice(0, 5).map((b) => b.rejectedOnRetry ?? b.rejected),
  };
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), config: cfg, ...result, examples }, null, 2)}\n`,
  );
  process.stdout.write(`results: ${path.relative(process.cwd(), out)}\n`);
  if (cfg.keep || !ok) process.stdout.write(`server logs kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
  return ok;
}
