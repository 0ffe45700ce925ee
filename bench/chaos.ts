// `npm run chaos` (issue 13 part 6): a bounded, self-stopping crash check. Several bidders keep bids
// flowing (closed loop, two bidders per item so some bids are legitimately outbid) while the real
// server process (`node --import tsx server/main.ts`) is SIGKILLed at random moments — some while it
// starts (replaying, folding its log), many while a snapshot is being written (small --snapshot-min-kb)
// — and restarted on the same db and port. Clients retransmit every unanswered request unchanged
// (same text, same RQ#, same socket), as PROTOCOL.md §3 asks, and after each restart also resend some
// bids that were already acknowledged. At the end the durable state (readDurableState) is compared
// with what the bidders were told:
// - lost: a BID_ACCEPTED bid that is not on disk (target 0);
// - wrongly rejected: a bid on disk whose bidder was told BID_REJECTED, first time or on a retry (target 0).
// Prints a summary and writes bench/results/chaos-<timestamp>.json; exits 1 if a target is missed.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { commandLine } from '../shared/cli/index.js';
import { readDurableState } from '../server/store/log-store.js';
import { seededRandom } from '../shared/random.js';
import { CHAOS_CLI, killsOf, type ChaosConfig } from './chaos-args.js';
import { ROOT, SERVER_ENTRY, spawnListening } from '../scripts/lib/processes.js';
import { bidLoops, Client, type BidRec } from './chaos-client.js';
import { freePort, HOST } from './udp.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- the server ---------------------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  listening: Promise<boolean>;
  exited: Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    for (const c of live) c.kill('SIGKILL');
    process.exit(130);
  });

function startServer(cfg: ChaosConfig, db: string, port: number): Server {
  const args = [...SERVER_ENTRY, '--udp-port', String(port), '--db', db, '--quiet'];
  args.push('--snapshot-min-kb', String(cfg.snapshotKb || 16), '--log-level', 'warn');
  let child: ChildProcess | undefined;
  const started = spawnListening(process.execPath, args, {
    name: 'chaos: the server',
    maxOutput: 64 * 1024,
    onSpawn: (c) => {
      child = c;
      live.add(c);
      c.on('exit', () => live.delete(c));
    },
  });
  // Killed while starting is part of the plan; an error of its own is worth printing.
  const listening = started.then(
    () => true,
    (e: Error) => {
      if (/error:/.test(e.message)) process.stderr.write(`chaos: ${e.message}\n`);
      return false;
    },
  );
  const c = child!;
  const exited = new Promise<void>((r) =>
    c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', () => r()),
  );
  return { child: c, listening, exited };
}

async function kill(s: Server): Promise<void> {
  s.child.kill('SIGKILL');
  await s.exited;
}

// ---- the run --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cfg = commandLine(CHAOS_CLI);
  if (cfg.cluster) {
    const { clusterChaos } = await import('./chaos-cluster.js');
    if (!(await clusterChaos(cfg))) process.exitCode = 1;
    return;
  }
  const killCount = killsOf(cfg);
  const rnd = seededRandom(cfg.seed); // the same --seed gives the same kill schedule and bids
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-chaos-'));
  const db = path.join(dir, 'db.json');
  const port = cfg.port || (await freePort(5400, 5499));
  const t0 = performance.now();
  const deadline = t0 + cfg.maxS * 1000;
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(
    `chaos: ${killCount} kills, ${cfg.clients} bidders on ${cfg.items} items, udp ${port}, db ${db}, seed ${cfg.seed}`,
  );

  let server = startServer(cfg, db, port);
  if (!(await server.listening)) throw new Error('the server did not start');
  const seller = await Client.open('chaos_seller', port);
  const clients = await Promise.all(Array.from({ length: cfg.clients }, (_, i) => Client.open(`chaos_b${i}`, port)));
  const all = [seller, ...clients];
  // Retransmit unanswered requests (same datagram), also across restarts.
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const c of all)
      if (c.current && now - c.current.lastSent >= cfg.retryMs) {
        c.current.lastSent = now;
        c.retransmits++;
        c.send(c.current.text);
      }
  }, 50);
  const secret = 'chaos-secret-0123456789';
  const reg = (c: Client, role: string): Promise<string> =>
    c.request(`REGISTER ${c.nextRq()} ${c.name} ${role} ${HOST} ${c.udpPort} 9 ${secret}`);
  if (!(await reg(seller, 'seller')).startsWith('REGISTERED')) throw new Error('seller not registered');
  for (const c of clients) if (!(await reg(c, 'buyer')).startsWith('REGISTERED')) throw new Error('not registered');
  const items = Array.from({ length: cfg.items }, (_, i) => `chaos_item${i}`);
  for (const item of items) {
    const r = await seller.request(`LIST_ITEM ${seller.nextRq()} ${item} chaos lot 1.00 3600`);
    if (!r.startsWith('ITEM_LISTED')) throw new Error(`listing ${item}: ${r}`);
  }

  // Closed-loop bidders: a new bid for an item always names more than any bid sent for it before.
  let stopping = false;
  const loops = bidLoops(clients, items, () => stopping);

  // The kills.
  const kills: Array<{ at: number; phase: 'start-up' | 'running'; snapshotting: boolean; listening: boolean }> = [];
  let probes = 0;
  const tmp = path.join(dir, '.db.json.tmp');
  for (let k = 1; k <= killCount && performance.now() < deadline; k++) {
    const startUp = k % 4 === 0; // every 4th: kill while the server is still starting
    if (startUp) {
      await sleep(200 + rnd() * 800);
      await kill(server);
      server = startServer(cfg, db, port);
      let up = false;
      void server.listening.then((l) => (up = l));
      await sleep(rnd() * 450); // replaying the log, folding it into db.json, binding…
      kills.push({ at: performance.now() - t0, phase: 'start-up', snapshotting: existsSync(tmp), listening: up });
      await kill(server);
    } else if (k % 4 === 2) {
      // aimed at a snapshot: kill as soon as db.json's temp file appears (it is written, fsync'd, renamed)
      const until = performance.now() + 3000;
      while (!existsSync(tmp) && performance.now() < until) await sleep(0);
      kills.push({ at: performance.now() - t0, phase: 'running', snapshotting: existsSync(tmp), listening: true });
      await kill(server);
    } else {
      await sleep(150 + rnd() * 1800);
      kills.push({ at: performance.now() - t0, phase: 'running', snapshotting: existsSync(tmp), listening: true });
      await kill(server);
    }
    server = startServer(cfg, db, port);
    if (!(await server.listening)) throw new Error(`the server did not come back after kill ${k}`);
    // Resend some acknowledged bids of the last 100 s (well within the 120 s window): same datagram, same
    // socket. The server must answer BID_ACCEPTED from memory, never reject the bidder's own bid.
    const now = performance.now();
    for (const c of clients) {
      const acked = [...c.bids.values()].filter((b) => b.acked && now - b.firstSentAt < 100_000);
      for (let j = 0; j < Math.min(cfg.probes, acked.length); j++) {
        const b = acked[Math.floor(rnd() * acked.length)];
        probes++;
        c.probe(b.text, () => undefined);
      }
    }
    log(
      `  kill ${k}${startUp ? ' (start-up)' : ''}${kills[kills.length - 1].snapshotting ? ' (mid-snapshot)' : ''}: restarted`,
    );
  }

  // Drain: let the outstanding bids be answered, then stop cleanly.
  stopping = true;
  await Promise.race([Promise.all(loops), sleep(10_000)]);
  await sleep(500); // late probe replies
  clearInterval(sweep);
  server.child.kill('SIGTERM');
  await server.exited;
  for (const c of all) c.close();

  const doc = readDurableState(db);
  const stored = new Set<string>();
  for (const a of Object.values(doc.auctions)) for (const b of a.bids) stored.add(`${a.item} ${b.cents} ${b.bidder}`);
  const recs = clients.flatMap((c) => [...c.bids.values()]);
  const isStored = (b: BidRec): boolean => stored.has(`${b.item} ${b.cents} ${b.bidder}`);
  const lost = recs.filter((b) => b.acked && !isStored(b));
  const wrong = recs.filter((b) => (b.rejected && isStored(b)) || b.rejectedOnRetry);
  const result = {
    at: new Date().toISOString(),
    config: cfg,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    kills: kills.length,
    killsAtStartUp: kills.filter((k) => k.phase === 'start-up').length,
    killsMidSnapshot: kills.filter((k) => k.snapshotting).length,
    bidsSent: recs.length,
    retransmits: clients.reduce((n, c) => n + c.retransmits, 0),
    acknowledged: recs.filter((b) => b.acked).length,
    rejected: recs.filter((b) => b.rejected).length,
    unanswered: recs.filter((b) => !b.acked && !b.rejected).length,
    acknowledgedResent: probes,
    lost: lost.length,
    wronglyRejected: wrong.length,
    storedBids: stored.size,
    examples: {
      lost: lost.slice(0, 5).map((b) => b.text),
      wrong: wrong.slice(0, 5).map((b) => b.rejectedOnRetry ?? b.rejected),
    },
    killLog: kills,
  };
  const ok = result.kills >= Math.min(killCount, 20) && result.lost === 0 && result.wronglyRejected === 0;
  process.stdout.write(
    `\nchaos: ${result.kills} SIGKILLs (${result.killsAtStartUp} during start-up, ${result.killsMidSnapshot} mid-snapshot) in ${result.seconds} s\n` +
      `  bids sent ${result.bidsSent}, acknowledged ${result.acknowledged}, rejected ${result.rejected} (outbid), unanswered ${result.unanswered}, retransmits ${result.retransmits}\n` +
      `  acknowledged bids resent after a restart: ${result.acknowledgedResent}\n` +
      `  lost (acknowledged, not on disk): ${result.lost}   wrongly rejected (own bid on disk, told BID_REJECTED): ${result.wronglyRejected}\n` +
      `  → ${ok ? 'OK' : 'FAILED'}\n`,
  );
  const out =
    cfg.out ?? path.join(ROOT, 'bench', 'results', `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), out)}\n`);
  if (!cfg.keep) rmSync(dir, { recursive: true, force: true });
  if (!ok) process.exitCode = 1;
}

await main().catch((e) => {
  process.stderr.write(`chaos failed: ${(e as Error).stack ?? String(e)}\n`);
  for (const c of live) c.kill('SIGKILL');
  process.exit(1);
});
