// `npm run bench:cluster` (issue 18.6): the bid storm of `npm run bench` (bench/storm.ts) in one run
// against the embedded server (lowdb, fsync'd) and split across two servers of a house on a fresh
// 3-node JetStream cluster (PROTOCOL.md §9; one leads, the other forwards), bots spread across both.
// Measures accepted bids/s of each, the house's cross-server fan-out (a bid accepted through one server
// → its BID_UPDATE to a subscriber bound through the other), the failover (SIGKILL of the leader → the
// next bid accepted through the other server) and CPU time per accepted bid of every process (servers
// and nats-server nodes, from /proc). Its last line is `cluster/embedded accepted bids/s = R (…)`.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { commandLine } from '../shared/cli/index.js';
import { hasNatsServer, startNatsCluster, type NatsCluster } from '../scripts/lib/nats-cluster.js';
import { ROOT, SERVER_ENTRY, spawnListening, type ServerProcess } from '../scripts/lib/processes.js';
import { CLUSTER_BENCH_CLI, ratioLine, settleCluster, type ClusterBenchConfig } from './cluster-args.js';
import { median } from './stats.js';
import { closeLoad, procStats, round, setupLoad, storm, type Load, type Peer, type Percentiles } from './storm.js';

const log = (s: string): void => void process.stderr.write(`${s}\n`);

// ---- processes ----------------------------------------------------------------------------------

const live = new Set<ChildProcess>();
let cluster: NatsCluster | null = null;
const killAll = (): void => {
  for (const c of live) c.kill('SIGKILL');
  for (const n of cluster?.nodes ?? []) n.child?.kill('SIGKILL');
};
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

function spawnServer(args: string[], name: string, prof: string | null): Promise<ServerProcess> {
  const cpuProf = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  return spawnListening(process.execPath, [...cpuProf, ...SERVER_ENTRY, '--udp-port', '0', '--quiet', ...args], {
    name,
    maxOutput: 100_000,
    onSpawn: (child) => {
      live.add(child);
      child.once('exit', () => live.delete(child));
    },
  });
}

/** CPU seconds of each process, before and after: µs per accepted bid each. */
function cpuMeter(procs: Array<{ name: string; pid: number }>): () => (bids: number) => Record<string, number> {
  const before = procs.map((p) => procStats(p.pid)?.cpuS ?? 0);
  return () => {
    const after = procs.map((p) => procStats(p.pid)?.cpuS ?? 0);
    return (bids) =>
      Object.fromEntries(procs.map((p, i) => [p.name, round(((after[i] - before[i]) * 1e6) / Math.max(1, bids), 1)]));
  };
}

// ---- one storm each -----------------------------------------------------------------------------

interface Side {
  acceptedPerS: number;
  accepted: number;
  retransmits: number;
  unanswered: number;
  latencyMs: Percentiles & { max: number };
  fanoutMs: Percentiles;
  /**
   * A bid accepted through the leader → its BID_UPDATE to a subscriber bound through the follower (the
   * push crosses); and through the follower → a subscriber through the leader (the reply crosses instead,
   * so this is often negative). Null with one server.
   */
  crossFanoutMs: { fromLeader: Percentiles; fromFollower: Percentiles } | null;
  lostPct: number;
  /** CPU µs per accepted bid, by process. */
  cpuUsPerBid: Record<string, number>;
}

async function stormOn(
  ports: { leader: number; follower: number } | null,
  cfg: ClusterBenchConfig,
  load: Load,
  procs: Array<{ name: string; pid: number }>,
): Promise<Side> {
  const stop = cpuMeter(procs);
  const s = await storm({ ...cfg, maxShare: 0, maxHeadroom: 0 }, load, cfg.durationS * 1000);
  const perBid = stop();
  return {
    acceptedPerS: s.acceptedPerS,
    accepted: s.accepted,
    retransmits: s.retransmits,
    unanswered: s.unanswered,
    latencyMs: s.latencyMs,
    fanoutMs: s.fanoutMs,
    crossFanoutMs: ports
      ? { fromLeader: s.crossFanoutMs.get(ports.leader)!, fromFollower: s.crossFanoutMs.get(ports.follower)! }
      : null,
    lostPct: s.updates.lostPct,
    cpuUsPerBid: perBid(s.acceptedPerS * s.durationS),
  };
}

async function embedded(cfg: ClusterBenchConfig): Promise<Side> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auction-bench-cluster-'));
  let server: ServerProcess | null = null;
  let load: Load | null = null;
  try {
    server = await spawnServer(['--db', path.join(dir, 'db.json')], 'embedded server', null);
    load = await setupLoad(cfg, { port: server.udpPort }, 'e');
    return await stormOn(null, cfg, load, [{ name: 'server', pid: server.child.pid! }]);
  } finally {
    if (load) await closeLoad(load);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface HouseSide extends Side {
  /** SIGKILL of the leader → the first BID_ACCEPTED through the other server (ms); null if skipped. */
  failoverMs: number | null;
}

/**
 * After the storm: SIGKILL the leader, then a bidder bound through the other server bids (a fresh
 * amount every 100 ms, each waiting for its reply that long) until one is accepted.
 */
async function failover(load: Load, leader: ServerProcess, other: { port: number }): Promise<number> {
  const bidder = load.bidders.find((p) => p.server === other) as Peer;
  const item = load.itemNames[load.bidders.indexOf(bidder) % load.itemNames.length];
  let amount = 1_000_000_00;
  const t0 = performance.now();
  void leader.kill('SIGKILL');
  while (performance.now() - t0 < 60_000) {
    try {
      const r = await bidder.request({ type: 'BID', item, amount: amount++ }, 1, 100);
      if (r.type === 'BID_ACCEPTED') return round(performance.now() - t0, 0);
    } catch {
      // no reply within 100 ms: nobody leads yet, or the forward was lost; try again
    }
  }
  throw new Error('failover: no bid accepted through the other server within 60 s');
}

async function house(cfg: ClusterBenchConfig): Promise<HouseSide> {
  let load: Load | null = null;
  const servers: ServerProcess[] = [];
  try {
    cluster = await startNatsCluster(3);
    const nats = ['--nats', cluster.urls];
    // One after the other: on a fresh cluster the first takes the lease before it says it listens
    // (leader-lease.ts start()), so it leads and the second forwards to it.
    servers.push(await spawnServer(nats, 'house server A', cfg.cpuProfDir));
    servers.push(await spawnServer(nats, 'house server B', cfg.cpuProfDir));
    const leaderAt = 0;
    const via = servers.map((s) => ({ port: s.udpPort }));
    load = await setupLoad(cfg, via, 'h');
    const procs = [
      ...servers.map((s, i) => ({ name: i === leaderAt ? 'leader' : 'follower', pid: s.child.pid! })),
      ...cluster.nodes.map((n) => ({ name: `nats ${n.name}`, pid: n.child!.pid! })),
    ];
    const side = await stormOn({ leader: via[leaderAt].port, follower: via[1 - leaderAt].port }, cfg, load, procs);
    const failoverMs =
      cfg.failover && !cfg.cpuProfDir ? await failover(load, servers[leaderAt], via[1 - leaderAt]) : null;
    return { ...side, failoverMs };
  } finally {
    if (load) await closeLoad(load);
    for (const s of servers) await s.stop();
    await cluster?.stop();
    cluster = null;
  }
}

// ---- report -------------------------------------------------------------------------------------

const cpuText = (c: Record<string, number>): string => {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const parts = Object.entries(c).map(([k, v]) => `${k} ${v.toFixed(0)}`);
  return `${parts.join(', ')}${parts.length > 1 ? `; total ${total.toFixed(0)}` : ''}`;
};

async function main(): Promise<void> {
  const cfg = settleCluster(commandLine(CLUSTER_BENCH_CLI));
  if (!hasNatsServer()) {
    process.stderr.write(
      'bench:cluster: nats-server is not on PATH (apt-get install nats-server, or its release binary)\n',
    );
    process.exit(1);
  }
  log(
    `bench:cluster: ${cfg.bidders} bidders, ${cfg.items} items, ${cfg.subs} subscribers/item, ` +
      `${cfg.watchers} watchers, ${cfg.durationS} s × ${cfg.runs} run(s)`,
  );
  const runs: Array<{ run: number; embedded: Side; house: HouseSide }> = [];
  for (let run = 1; run <= cfg.runs; run++) {
    // Alternating which goes first, so a machine growing busier or quieter favours neither.
    let e: Side | null = null;
    let h: HouseSide | null = null;
    for (const which of run % 2 ? ['embedded', 'house'] : ['house', 'embedded']) {
      log(
        `run ${run}/${cfg.runs}: ${which === 'house' ? 'house of 2 servers on 3 NATS nodes (R3)' : 'embedded server'}…`,
      );
      if (which === 'embedded') {
        e = await embedded(cfg);
        log(
          `  ${e.acceptedPerS.toFixed(0)} accepted bids/s, p99 ${e.latencyMs.p99} ms; CPU µs/bid ${cpuText(e.cpuUsPerBid)}`,
        );
      } else {
        h = await house(cfg);
        log(
          `  ${h.acceptedPerS.toFixed(0)} accepted bids/s, p99 ${h.latencyMs.p99} ms, cross-server fan-out p50 ` +
            `${h.crossFanoutMs?.fromLeader.p50} / p99 ${h.crossFanoutMs?.fromLeader.p99} ms, failover ${h.failoverMs ?? '-'} ms; ` +
            `CPU µs/bid ${cpuText(h.cpuUsPerBid)}`,
        );
      }
    }
    runs.push({ run, embedded: e!, house: h! });
  }
  const med = (f: (r: (typeof runs)[number]) => number | null | undefined): string => {
    const xs = runs.map(f).filter((x): x is number => typeof x === 'number');
    return xs.length ? String(round(median(xs), 2)) : '-';
  };
  const cpuMed = (pick: (r: (typeof runs)[number]) => Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.keys(pick(runs[0])).map((k) => [k, median(runs.map((r) => pick(r)[k] ?? 0))]));
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  out(
    `\nbench:cluster — ${cfg.bidders} bidders, ${cfg.items} items × ${cfg.subs} subscribers + ${cfg.watchers} ` +
      `watchers, ${cfg.durationS} s storms, medians of ${runs.length} run(s)`,
  );
  out(
    `embedded (lowdb, fsync'd): ${med((r) => r.embedded.acceptedPerS)} accepted bids/s, BID→reply p50 ` +
      `${med((r) => r.embedded.latencyMs.p50)} / p99 ${med((r) => r.embedded.latencyMs.p99)} ms, fan-out p99 ` +
      `${med((r) => r.embedded.fanoutMs.p99)} ms; CPU µs per bid: ${cpuText(cpuMed((r) => r.embedded.cpuUsPerBid))}`,
  );
  out(
    `house (2 servers, 3 NATS nodes, R3): ${med((r) => r.house.acceptedPerS)} accepted bids/s, BID→reply p50 ` +
      `${med((r) => r.house.latencyMs.p50)} / p99 ${med((r) => r.house.latencyMs.p99)} ms, fan-out p99 ` +
      `${med((r) => r.house.fanoutMs.p99)} ms, updates lost ${med((r) => r.house.lostPct)}%`,
  );
  out(
    `  cross-server fan-out, BID_ACCEPTED via the leader → BID_UPDATE to a subscriber via the follower: p50 ` +
      `${med((r) => r.house.crossFanoutMs?.fromLeader.p50)} ms, p99 ${med((r) => r.house.crossFanoutMs?.fromLeader.p99)} ms` +
      ` (accepted via the follower → via the leader: p50 ${med((r) => r.house.crossFanoutMs?.fromFollower.p50)}` +
      ` ms, p99 ${med((r) => r.house.crossFanoutMs?.fromFollower.p99)} ms)`,
  );
  out(
    `  failover (SIGKILL leader → next bid accepted via the other server): ${med((r) => r.house.failoverMs)} ms ` +
      `(runs: ${runs.map((r) => r.house.failoverMs ?? '-').join(', ')})`,
  );
  out(`  CPU µs per accepted bid: ${cpuText(cpuMed((r) => r.house.cpuUsPerBid))}`);
  const { ratio, line } = ratioLine(
    runs.map((r) => ({ embedded: r.embedded.acceptedPerS, cluster: r.house.acceptedPerS })),
  );
  const file =
    cfg.out ?? path.join(ROOT, 'bench', 'results', `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), config: cfg, ratio, runs }, null, 2)}\n`);
  out(`results: ${path.relative(process.cwd(), file)}`);
  out(line);
}

await main().catch((e) => {
  process.stderr.write(`bench:cluster failed: ${(e as Error).stack ?? e}\n`);
  killAll();
  process.exit(1);
});
