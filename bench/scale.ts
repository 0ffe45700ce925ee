// `npm run bench:scale`: the scale run of issue 14, against its targets.
//   listing  a floor of 10,000 open auctions (bench/fixture.ts writeOpenFloor): the time until a
//            spectator shows all of them — the real TUI in tmux (from its spawn, "10000 open" on the
//            screen) and the client core with the real store (from start() to 10,000 in the state);
//   keys     key→frame latency at 10,000 rows under 50 BID_UPDATEs a second (npm run bench:tui);
//   idle     500 client cores (spectators, the TUI's 5 s repair period) idle on that floor, in worker
//            processes: server CPU (share of one core) and datagrams a second per client;
//   history  restart time and peak RSS of an empty server and over 1 M and 10 M archived bids
//            (writeHistoryArchive), and the size of db.json after a clean stop;
//   storm    the bid storm of `npm run bench` (quick) beside an idle 10,000-lot floor vs without;
//   window   a restart inside the reply window (§3) after a storm of --window-bids at --window-rate over
//            1,000 auctions, against an empty start: restart time and RSS (every memo comes back);
//   cache    a flood of --cache-requests distinct requests from one registered client, per
//            --reply-cache-mb cap: the server's RSS above what it held before the flood.
// Every server is the real one as a child process (`node --import tsx server/main.ts`). Figures are
// medians over --runs; ratios are taken within a run. Prints a table and writes a result JSON.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { REPLY_CACHE_DEFAULT_MB as REPLY_CAP_DEFAULT_MB } from '../server/outbox.js';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuctionClient } from '../shared/client/auction-client.js';
import { commandLine } from '../shared/cli/index.js';
import { bridgeClient } from '../tui/client-bridge.js';
import { initialState } from '../tui/state/reducer.js';
import { AuctionStore } from '../tui/state/store.js';
import { ROOT, SERVER_ENTRY, spawnListening, TSX, type ServerProcess } from '../scripts/lib/processes.js';
import { writeHistoryArchive, writeOpenFloor } from './fixture.js';
import { SCALE_CLI, settleScale, type ScaleConfig } from './scale-args.js';
import { median } from './stats.js';
import { format, parseDatagram } from '../shared/protocol/index.js';
import type { Message } from '../shared/protocol/messages.js';
import type { RequestDraft } from '../shared/client/types.js';
import type dgram from 'node:dgram';
import { freePort, HOST, openSocket } from './udp.js';

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

function procStats(pid: number): { cpuS: number; rssKb: number; hwmKb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      cpuS: (Number(rest[11]) + Number(rest[12])) / 100,
      rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
      hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
    };
  } catch {
    return null;
  }
}

function tempDb(prefix: string): { dir: string; db: string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, db: path.join(dir, 'db.json'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function serve(db: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}, port = 0): Promise<ServerProcess> {
  return spawnListening(
    process.execPath,
    [...SERVER_ENTRY, '--udp-port', String(port), '--db', db, '--quiet', ...extra],
    {
      env,
      maxOutput: 10_000,
      timeoutMs: 120_000,
    },
  );
}

const until = async (check: () => boolean, what: string, timeoutMs: number, everyMs = 20): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

// ---- listing: a spectator shows all of a 10,000-lot floor ---------------------------------------------

interface ListingResult {
  coreStoreS: number;
  /** The TUI from the source (tsx compiles it at start), and as built (`npm run build`, plain node). */
  tmuxTuiS: number | null;
  tmuxBuiltS: number | null;
}

/** Spawns `command` in a tmux pane and waits for `text` on its screen: seconds from the spawn, or null without tmux. */
async function tmuxUntil(command: string, text: string): Promise<number | null> {
  if (spawnSync('tmux', ['-V']).status !== 0) return null;
  const name = `scale-bench-${process.pid}-${Date.now()}`;
  const t1 = performance.now();
  spawnSync('tmux', ['new-session', '-d', '-s', name, '-x', '120', '-y', '40', `cd ${ROOT} && ${command}`]);
  try {
    await until(
      () => spawnSync('tmux', ['capture-pane', '-p', '-t', name]).stdout.toString().includes(text),
      `"${text}" in the TUI`,
      60_000,
      25,
    );
    return round((performance.now() - t1) / 1000, 3);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', name]);
  }
}

async function listingOnce(cfg: ScaleConfig): Promise<ListingResult> {
  const t = tempDb('scale-listing-');
  let server: ServerProcess | null = null;
  try {
    writeOpenFloor(t.db, { auctions: cfg.auctions });
    server = await serve(t.db);
    // The client core with the real store and bridge, as the TUI wires them.
    const store = new AuctionStore(initialState({ now: Date.now(), server: 'bench', account: { kind: 'spectator' } }));
    const client = new AuctionClient({ server: server.address, watch: true, catalogEveryMs: 5000 });
    const unbridge = bridgeClient(client, store);
    const t0 = performance.now();
    await client.start();
    await until(() => store.getSnapshot().auctions.openCount >= cfg.auctions, 'the store to hold the floor', 60_000, 5);
    const coreStoreS = (performance.now() - t0) / 1000;
    unbridge();
    store.stop();
    await client.close();
    // The real TUI in a pseudo-terminal, from its spawn to "N open" on screen: from the source (tsx
    // compiles it first) and as built (what `npm install -g` runs), when dist/ is there.
    const { host, port } = server.address;
    const flags = `--server ${host}:${port} --spectate`;
    const tmuxTuiS = await tmuxUntil(`${TSX} tui/main.tsx ${flags}`, `${cfg.auctions} open`);
    const built = path.join(ROOT, 'dist', 'auction.js');
    const tmuxBuiltS = existsSync(built) ? await tmuxUntil(`node ${built} ${flags}`, `${cfg.auctions} open`) : null;
    return { coreStoreS: round(coreStoreS, 3), tmuxTuiS, tmuxBuiltS };
  } finally {
    await server?.stop();
    t.done();
  }
}

// ---- keys: bench:tui at 10,000 rows -----------------------------------------------------------------

async function keys(cfg: ScaleConfig): Promise<{ medianMs: number; p95Ms: number; output: string }> {
  const args = ['--import', 'tsx', 'bench/tui.ts', '--auctions', String(cfg.auctions), '--runs', String(cfg.runs)];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.on('exit', r));
  const m = /overall: median ([\d.]+) ms, p95 ([\d.]+) ms/.exec(out);
  if (!m) throw new Error(`bench:tui gave no result:\n${out}`);
  return { medianMs: Number(m[1]), p95Ms: Number(m[2]), output: out.trim() };
}

// ---- idle: 500 client cores on the floor --------------------------------------------------------------

interface IdleResult {
  clients: number;
  listingAllS: number;
  listingMedianS: number;
  serverCpuPct: number;
  datagramsPerClientS: number;
  serverSentPerS: number;
  serverRssMb: number;
}

type WorkerMsg =
  | { type: 'hello' }
  | { type: 'ready'; listingMs: number[]; minEntries: number; maxEntries: number }
  | { type: 'count'; sent: number; received: number; clients: number }
  | { type: 'error'; message: string };

function nextMessage<T extends WorkerMsg['type']>(w: ChildProcess, type: T): Promise<Extract<WorkerMsg, { type: T }>> {
  return new Promise((resolve, reject) => {
    const on = (m: WorkerMsg): void => {
      if (m.type === 'error') {
        w.off('message', on);
        reject(new Error(m.message));
      } else if (m.type === type) {
        w.off('message', on);
        resolve(m as Extract<WorkerMsg, { type: T }>);
      }
    };
    w.on('message', on);
  });
}

async function idleOnce(cfg: ScaleConfig): Promise<IdleResult> {
  const t = tempDb('scale-idle-');
  let server: ServerProcess | null = null;
  const workers: ChildProcess[] = [];
  try {
    writeOpenFloor(t.db, { auctions: cfg.auctions });
    server = await serve(t.db);
    const nWorkers = Math.min(4, cfg.clients);
    const t0 = performance.now();
    const ready: Array<Promise<Extract<WorkerMsg, { type: 'ready' }>>> = [];
    for (let i = 0; i < nWorkers; i++) {
      const w = fork(path.join(ROOT, 'bench/scale-clients.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(w);
      await nextMessage(w, 'hello');
      const n = Math.floor(cfg.clients / nWorkers) + (i < cfg.clients % nWorkers ? 1 : 0);
      const r = nextMessage(w, 'ready');
      w.send({
        type: 'start',
        host: server.host,
        port: server.udpPort,
        clients: n,
        catalogEveryMs: 5000,
        concurrency: 8,
      });
      ready.push(r);
    }
    const readies = await Promise.all(ready);
    const listingAllS = (performance.now() - t0) / 1000;
    for (const r of readies)
      if (r.minEntries < cfg.auctions) throw new Error(`a client listed ${r.minEntries} of ${cfg.auctions} auctions`);
    // Let the listing's burst settle: every client is in its periodic repair from here on.
    await new Promise((r) => setTimeout(r, 6000));
    const count = async () => {
      const cs = await Promise.all(
        workers.map((w) => {
          const m = nextMessage(w, 'count');
          w.send({ type: 'count' });
          return m;
        }),
      );
      return cs.reduce((a, c) => ({ dg: a.dg + c.sent + c.received, n: a.n + c.clients }), { dg: 0, n: 0 });
    };
    const c0 = await count();
    const p0 = procStats(server.child.pid!);
    const s0 = performance.now();
    await new Promise((r) => setTimeout(r, cfg.idleS * 1000));
    const c1 = await count();
    const p1 = procStats(server.child.pid!);
    const windowS = (performance.now() - s0) / 1000;
    const cpuS = p0 && p1 ? p1.cpuS - p0.cpuS : 0;
    return {
      clients: c1.n,
      listingAllS: round(listingAllS, 1),
      listingMedianS: round(median(readies.flatMap((r) => r.listingMs)) / 1000, 2),
      serverCpuPct: round((100 * cpuS) / windowS, 1),
      datagramsPerClientS: round((c1.dg - c0.dg) / c1.n / windowS, 3),
      serverSentPerS: round((c1.dg - c0.dg) / 2 / windowS, 0),
      serverRssMb: round((p1?.rssKb ?? 0) / 1024, 1),
    };
  } finally {
    for (const w of workers) w.send({ type: 'stop' });
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))));
    await server?.stop();
    t.done();
  }
}

// ---- history: restart time and memory over an archive ----------------------------------------------------

interface HistoryResult {
  bids: number;
  archiveMb: number;
  restartS: number;
  peakRssMb: number;
  dbJsonBytes: number;
}

async function historyOnce(bids: number): Promise<HistoryResult> {
  const t = tempDb('scale-history-');
  try {
    const f = bids > 0 ? writeHistoryArchive(t.db, { bids }) : null;
    const t0 = performance.now();
    const server = await serve(t.db);
    const restartS = (performance.now() - t0) / 1000;
    // Settled: what the server holds once it serves (the start's garbage collected or not, as it runs).
    await new Promise((r) => setTimeout(r, 1000));
    const p = procStats(server.child.pid!);
    await server.stop();
    return {
      bids,
      archiveMb: round((f?.archiveBytes ?? 0) / 1e6, 1),
      restartS: round(restartS, 3),
      peakRssMb: round((p?.hwmKb ?? 0) / 1024, 1),
      dbJsonBytes: statSync(t.db).size,
    };
  } finally {
    t.done();
  }
}

// ---- storm: the bid storm beside a 10,000-lot floor ---------------------------------------------------------

interface StormResult {
  floor: number;
  acceptedPerS: number;
  p99Ms: number;
  cpuUsPerBid: number;
}

async function stormOnce(floor: number): Promise<StormResult> {
  const t = tempDb('scale-storm-');
  try {
    const out = path.join(t.dir, 'storm.json');
    const args = [
      '--import',
      'tsx',
      'bench/run.ts',
      '--quick',
      '--no-ideal',
      '--no-kill',
      '--no-maxima',
      '--history',
      '0',
      '--out',
      out,
    ];
    if (floor > 0) args.push('--open-floor', String(floor));
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`bench failed (${String(code)}):\n${err}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      scenarios: Array<{ acceptedPerS: number; latencyMs: { p99: number }; serverCpuUsPerBid: number }>;
    };
    const s = r.scenarios[0];
    return { floor, acceptedPerS: s.acceptedPerS, p99Ms: s.latencyMs.p99, cpuUsPerBid: s.serverCpuUsPerBid };
  } finally {
    t.done();
  }
}

// ---- window and cache: raw UDP peers ---------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One UDP peer: requests retransmitted (same text, same RQ#) until answered; other replies counted. */
class Peer {
  private rqn = 1;
  private waiting = new Map<string, (m: Message) => void>();
  onReply: ((m: Message) => void) | null = null;

  private constructor(
    readonly sock: dgram.Socket,
    readonly name: string,
    private readonly port: number,
  ) {
    sock.on('message', (buf) => {
      const p = parseDatagram(buf);
      if (!p.ok) return;
      const w = this.waiting.get(p.msg.rq);
      if (w) {
        this.waiting.delete(p.msg.rq);
        w(p.msg);
      } else this.onReply?.(p.msg);
    });
  }

  static async open(name: string, port: number): Promise<Peer> {
    return new Peer(await openSocket(4 << 20), name, port);
  }

  get ownPort(): number {
    return this.sock.address().port;
  }
  nextRq(): string {
    return String(this.rqn++);
  }
  send(text: string): void {
    this.sock.send(text, this.port, HOST);
  }

  request(draft: RequestDraft, expect: string): Promise<Message> {
    const msg = { ...draft, rq: draft.rq ?? this.nextRq() };
    const text = format(msg);
    return new Promise((resolve, reject) => {
      let n = 0;
      let timer: NodeJS.Timeout;
      const go = (): void => {
        if (n++ >= 8) return reject(new Error(`${this.name}: no reply to ${text}`));
        this.send(text);
        timer = setTimeout(go, 500);
      };
      this.waiting.set(msg.rq, (m) => {
        clearTimeout(timer);
        if (m.type === expect) resolve(m);
        else reject(new Error(`${this.name}: ${text} → ${format(m)}`));
      });
      go();
    });
  }

  close(): void {
    this.sock.close();
  }
}

async function register(name: string, port: number, role: 'buyer' | 'seller'): Promise<Peer> {
  const p = await Peer.open(name, port);
  await p.request({ type: 'REGISTER', name, role, ip: HOST, udpPort: p.ownPort, tcpPort: 9 }, 'REGISTERED');
  return p;
}

/** Spawn → listening line, then RSS once it has served for a second. */
async function startMeasured(
  db: string,
  extra: string[] = [],
  port = 0,
): Promise<{ server: ServerProcess; s: number; rssMb: number }> {
  const t0 = performance.now();
  const server = await serve(db, extra, {}, port);
  const s = (performance.now() - t0) / 1000;
  await sleep(1000);
  return { server, s: round(s, 3), rssMb: round((procStats(server.child.pid!)?.rssKb ?? 0) / 1024, 1) };
}

function walBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) if (f.includes('.wal.')) n += statSync(path.join(dir, f)).size;
  return n;
}

interface WindowResult {
  bids: number;
  accepted: number;
  acceptedPerS: number;
  emptyStartS: number;
  emptyRssMb: number;
  restartS: number;
  restartRssMb: number;
  /** The change log kept on disk at the restart (segments still holding young memos), and per bid. */
  walMb: number;
  walBytesPerBid: number;
  /** Duplicates of the storm's last bids sent after the restart, answered from the recovered memos. */
  retriedAnswered: number;
}

const WINDOW_AUCTIONS = 1000;
const WINDOW_SELLERS = 100;
const WINDOW_BIDDERS = 50;

async function windowOnce(cfg: ScaleConfig): Promise<WindowResult> {
  const t = tempDb('scale-window-');
  const peers: Peer[] = [];
  let server: ServerProcess | null = null;
  try {
    const empty = await startMeasured(path.join(t.dir, 'empty.json'));
    await empty.server.stop();
    // A fixed port: the restarted server must be where the bidders retry.
    const port = await freePort(47_000, 48_000);
    server = (await startMeasured(t.db, [], port)).server;
    const items: string[] = [];
    for (let i = 0; i < WINDOW_SELLERS; i++) {
      const seller = await register(`ws${i}`, port, 'seller');
      peers.push(seller);
      const per = WINDOW_AUCTIONS / WINDOW_SELLERS;
      await Promise.all(
        Array.from({ length: per }, (_, j) => {
          const item = `wlot${i * per + j}`;
          items.push(item);
          return seller.request(
            { type: 'LIST_ITEM', item, description: 'window lot', startPrice: 100, duration: 7200 },
            'ITEM_LISTED',
          );
        }),
      );
    }
    const bidders = await Promise.all(
      Array.from({ length: WINDOW_BIDDERS }, (_, i) => register(`wb${i}`, port, 'buyer')),
    );
    peers.push(...bidders);
    let accepted = 0;
    for (const b of bidders) b.onReply = (m) => void (m.type === 'BID_ACCEPTED' && accepted++);
    // Open loop at the rate: every 10 ms the share of the bids due by then, round robin over bidders and lots.
    const price = items.map(() => 100);
    const last: Array<{ peer: Peer; text: string }> = [];
    let sent = 0;
    const t0 = performance.now();
    while (sent < cfg.windowBids) {
      const due = Math.min(cfg.windowBids, Math.floor(((performance.now() - t0) / 1000) * cfg.windowRate));
      for (; sent < due; sent++) {
        const peer = bidders[sent % bidders.length];
        const item = sent % items.length;
        const text = format({ type: 'BID', rq: peer.nextRq(), item: items[item], amount: (price[item] += 1) });
        peer.send(text);
        if (cfg.windowBids - sent <= 100) last.push({ peer, text });
      }
      await sleep(10);
    }
    const stormS = (performance.now() - t0) / 1000;
    await sleep(1000);
    await server.stop();
    server = null;
    const wal = walBytes(t.dir);
    const again = await startMeasured(t.db, [], port);
    server = again.server;
    // The storm's last bids again, as retries: answered from the memos, not run again.
    let retried = 0;
    const retriedDone = new Promise<void>((resolve) => {
      for (const b of bidders)
        b.onReply = (m) => {
          if (m.type === 'BID_ACCEPTED' || m.type === 'BID_REJECTED') if (++retried === last.length) resolve();
        };
    });
    for (const { peer, text } of last) peer.send(text); // from the same sockets, as a client retries
    await Promise.race([retriedDone, sleep(3000)]);
    return {
      bids: sent,
      accepted,
      acceptedPerS: round(accepted / stormS, 0),
      emptyStartS: empty.s,
      emptyRssMb: empty.rssMb,
      restartS: again.s,
      restartRssMb: again.rssMb,
      walMb: round(wal / 1e6, 1),
      walBytesPerBid: round(wal / Math.max(1, accepted), 0),
      retriedAnswered: retried,
    };
  } finally {
    for (const p of peers) p.close();
    if (server) await server.stop();
    t.done();
  }
}

interface CacheResult {
  capMb: number;
  requests: number;
  answered: number;
  baselineRssMb: number;
  peakRssMb: number;
  /** Peak RSS during the flood minus the RSS before it. */
  growthMb: number;
  floodS: number;
}

async function cacheOnce(cfg: ScaleConfig, capMb: number): Promise<CacheResult> {
  const t = tempDb('scale-cache-');
  let server: ServerProcess | null = null;
  let client: Peer | null = null;
  try {
    server = (await startMeasured(t.db, ['--reply-cache-mb', String(capMb)])).server;
    client = await register('flooder', server.udpPort, 'buyer');
    await sleep(1000);
    const pid = server.child.pid!;
    const baseline = (procStats(pid)?.rssKb ?? 0) / 1024;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, (procStats(pid)?.rssKb ?? 0) / 1024);
    }, 200);
    // Closed loop, 256 in flight: every request distinct (a fresh RQ#), each one remembered (§3).
    const c = client;
    let sent = 0;
    let answered = 0;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const next = (): void => {
        if (sent < cfg.cacheRequests) {
          sent++;
          c.send(`BID ${c.nextRq()} nolot 1.00`);
        }
      };
      c.onReply = () => {
        answered++;
        if (answered >= cfg.cacheRequests) resolve();
        else next();
      };
      for (let i = 0; i < 256; i++) next();
      // Lost datagrams (a full buffer) would stall the loop: top it up while it runs.
      const topUp = setInterval(() => {
        if (answered >= cfg.cacheRequests || sent >= cfg.cacheRequests) {
          if (sent >= cfg.cacheRequests) setTimeout(resolve, 2000);
          clearInterval(topUp);
          return;
        }
        if (sent - answered < 64) for (let i = 0; i < 64; i++) next();
      }, 500);
    });
    const floodS = (performance.now() - t0) / 1000;
    await sleep(1000);
    clearInterval(sampler);
    peak = Math.max(peak, (procStats(pid)?.rssKb ?? 0) / 1024);
    return {
      capMb,
      requests: sent,
      answered,
      baselineRssMb: round(baseline, 1),
      peakRssMb: round(peak, 1),
      growthMb: round(peak - baseline, 1),
      floodS: round(floodS, 1),
    };
  } finally {
    client?.close();
    if (server) await server.stop();
    t.done();
  }
}

// ---- the run ------------------------------------------------------------------------------------------------

function freeTmpGb(): number {
  const r = spawnSync('df', ['-Pk', os.tmpdir()]);
  const line = r.stdout.toString().trim().split('\n').at(-1) ?? '';
  return Number(line.split(/\s+/)[3] ?? 0) / 2 ** 20;
}

const med = <T>(xs: T[], f: (x: T) => number): number => round(median(xs.map(f)), 3);

async function main(): Promise<void> {
  const cfg: ScaleConfig = settleScale(commandLine(SCALE_CLI));
  const want = new Set(cfg.sections);
  const result: Record<string, unknown> = { at: new Date().toISOString(), config: { ...cfg, out: undefined } };
  const lines: string[] = [];
  const row = (what: string, figure: string, target: string, ok: boolean | null): void => {
    lines.push(`| ${what} | ${figure} | ${target} | ${ok === null ? '—' : ok ? 'met' : 'NOT MET'} |`);
  };

  if (want.has('listing')) {
    const rs: ListingResult[] = [];
    for (let i = 0; i < cfg.runs; i++) {
      log(`listing ${i + 1}/${cfg.runs}: ${cfg.auctions} open auctions…`);
      rs.push(await listingOnce(cfg));
      log(`  ${JSON.stringify(rs.at(-1))}`);
    }
    result.listing = rs;
    const core = med(rs, (r) => r.coreStoreS);
    const medOrNull = (f: (r: ListingResult) => number | null): number | null => {
      const xs = rs.map(f).filter((x): x is number => x !== null);
      return xs.length ? round(median(xs), 3) : null;
    };
    const tui = medOrNull((r) => r.tmuxTuiS);
    const built = medOrNull((r) => r.tmuxBuiltS);
    row(`${cfg.auctions} open auctions listed: client core + store`, `${core} s`, '≤ 3 s', core <= 3);
    row(
      `${cfg.auctions} open auctions on the built TUI's screen (tmux, from spawn)`,
      built === null ? 'no tmux or no dist/ (npm run build)' : `${built} s`,
      '≤ 3 s',
      built === null ? null : built <= 3,
    );
    row(
      `… the TUI from the source (tsx compiles it at start)`,
      tui === null ? 'no tmux' : `${tui} s`,
      '(≤ 3 s)',
      tui === null ? null : tui <= 3,
    );
  }
  if (want.has('keys')) {
    log(`keys: bench:tui --auctions ${cfg.auctions} --runs ${cfg.runs}…`);
    const k = await keys(cfg);
    log(k.output);
    result.keys = k;
    row(
      `key→frame at ${cfg.auctions} rows, 50 updates/s`,
      `median ${k.medianMs} ms, p95 ${k.p95Ms} ms`,
      'p95 ≤ 50 ms',
      k.p95Ms <= 50,
    );
  }
  if (want.has('idle')) {
    const rs: IdleResult[] = [];
    for (let i = 0; i < cfg.runs; i++) {
      log(`idle ${i + 1}/${cfg.runs}: ${cfg.clients} client cores on ${cfg.auctions} auctions, ${cfg.idleS} s…`);
      rs.push(await idleOnce(cfg));
      log(`  ${JSON.stringify(rs.at(-1))}`);
    }
    result.idle = rs;
    const cpu = med(rs, (r) => r.serverCpuPct);
    const dg = med(rs, (r) => r.datagramsPerClientS);
    row(`${cfg.clients} idle clients: server CPU`, `${cpu} % of a core`, '≤ 10 %', cpu <= 10);
    row(`${cfg.clients} idle clients: datagrams per client`, `${dg} /s`, '≤ 1 /s', dg <= 1);
    row(
      `${cfg.clients} clients listing the floor at once`,
      `all in ${med(rs, (r) => r.listingAllS)} s (median client ${med(rs, (r) => r.listingMedianS)} s)`,
      '—',
      null,
    );
  }
  if (want.has('history')) {
    const need = (Math.max(0, ...cfg.history) / 1e6) * 0.07;
    if (freeTmpGb() < need * 1.5 + 1)
      throw new Error(`not enough space in ${os.tmpdir()} for ${need.toFixed(1)} GB of fixtures`);
    const sizes = [0, ...cfg.history];
    const rs: HistoryResult[] = [];
    for (let i = 0; i < cfg.runs; i++)
      for (const b of sizes) {
        log(`history ${i + 1}/${cfg.runs}: restart over ${b} archived bids…`);
        rs.push(await historyOnce(b));
        log(`  ${JSON.stringify(rs.at(-1))}`);
      }
    result.history = rs;
    const of = (b: number) => rs.filter((r) => r.bids === b);
    const empty = { s: med(of(0), (r) => r.restartS), rss: med(of(0), (r) => r.peakRssMb) };
    row('empty server: restart, peak RSS', `${empty.s} s, ${empty.rss} MB`, '(the reference)', null);
    for (const b of cfg.history) {
      const s = med(of(b), (r) => r.restartS);
      const rss = med(of(b), (r) => r.peakRssMb);
      const db = Math.max(...of(b).map((r) => r.dbJsonBytes));
      const label = b >= 1e6 ? `${b / 1e6} M` : String(b);
      row(`${label} archived bids: restart`, `${s} s = ${round(s / empty.s)}× empty`, '≤ 1.5×', s / empty.s <= 1.5);
      row(
        `${label} archived bids: peak RSS`,
        `${rss} MB = ${round(rss / empty.rss)}× empty`,
        '≤ 1.5×',
        rss / empty.rss <= 1.5,
      );
      row(`${label} archived bids: db.json (nothing open)`, `${(db / 1024).toFixed(1)} KB`, '< 1 MB', db < 1024 * 1024);
    }
  }
  if (want.has('storm')) {
    const rs: StormResult[] = [];
    for (let i = 0; i < cfg.runs; i++)
      for (const floor of [0, cfg.auctions]) {
        log(`storm ${i + 1}/${cfg.runs}: bid storm (quick) beside ${floor} open auctions…`);
        rs.push(await stormOnce(floor));
        log(`  ${JSON.stringify(rs.at(-1))}`);
      }
    result.storm = rs;
    // Ratios within each run (the pair ran back to back), then the median.
    const pairs = Array.from({ length: cfg.runs }, (_, i) => [rs[2 * i], rs[2 * i + 1]] as const);
    const thr = round(median(pairs.map(([a, b]) => b.acceptedPerS / a.acceptedPerS)), 3);
    const p99 = round(median(pairs.map(([a, b]) => b.p99Ms / a.p99Ms)), 3);
    const cpu = round(median(pairs.map(([a, b]) => b.cpuUsPerBid / a.cpuUsPerBid)), 3);
    row(
      `bid storm beside ${cfg.auctions} open auctions vs none`,
      `throughput ${Math.round(thr * 100)} %, p99 ${p99}×, CPU/bid ${cpu}× (${Math.round(med(pairs, ([, b]) => b.acceptedPerS))} vs ${Math.round(med(pairs, ([a]) => a.acceptedPerS))} bids/s)`,
      'unchanged or better (±10 %: noise)',
      thr >= 0.9,
    );
  }
  if (want.has('window')) {
    const rs: WindowResult[] = [];
    for (let i = 0; i < cfg.runs; i++) {
      log(
        `window ${i + 1}/${cfg.runs}: ${cfg.windowBids} bids at ${cfg.windowRate}/s over ${WINDOW_AUCTIONS} lots, restart…`,
      );
      rs.push(await windowOnce(cfg));
      log(`  ${JSON.stringify(rs.at(-1))}`);
    }
    result.window = rs;
    const empty = med(rs, (r) => r.emptyStartS);
    const restart = med(rs, (r) => r.restartS);
    const rssOver = med(rs, (r) => r.restartRssMb - r.emptyRssMb);
    row('empty server: start, RSS', `${empty} s, ${med(rs, (r) => r.emptyRssMb)} MB`, '(the reference)', null);
    row(
      `restart inside the reply window after ${med(rs, (r) => r.accepted)} bids at ${med(rs, (r) => r.acceptedPerS)}/s`,
      `${restart} s = ${round(restart / empty)}× empty`,
      `≤ 1.5× empty + 0.5 s (${round(1.5 * empty + 0.5)} s)`,
      restart <= 1.5 * empty + 0.5,
    );
    row(
      '… its RSS above the empty start',
      `${rssOver} MB (${med(rs, (r) => r.restartRssMb)} MB)`,
      `≤ the cap + 16 MB (${REPLY_CAP_DEFAULT_MB + 16} MB)`,
      rssOver <= REPLY_CAP_DEFAULT_MB + 16,
    );
    row(
      '… change log kept for the memos, per bid',
      `${med(rs, (r) => r.walMb)} MB, ${med(rs, (r) => r.walBytesPerBid)} B/bid; ${med(rs, (r) => r.retriedAnswered)} of 100 retries answered`,
      '—',
      null,
    );
  }
  if (want.has('cache')) {
    const rs: CacheResult[] = [];
    for (let i = 0; i < cfg.runs; i++)
      for (const mb of cfg.cacheMb) {
        log(`cache ${i + 1}/${cfg.runs}: ${cfg.cacheRequests} distinct requests, --reply-cache-mb ${mb}…`);
        rs.push(await cacheOnce(cfg, mb));
        log(`  ${JSON.stringify(rs.at(-1))}`);
      }
    result.cache = rs;
    for (const mb of cfg.cacheMb) {
      const of = rs.filter((r) => r.capMb === mb);
      const growth = med(of, (r) => r.growthMb);
      row(
        `${cfg.cacheRequests} distinct requests, --reply-cache-mb ${mb}: RSS above the start`,
        `${growth} MB (peak ${med(of, (r) => r.peakRssMb)} MB, ${med(of, (r) => r.requests / r.floodS)} req/s)`,
        `≤ the cap + 32 MB (${mb + 32} MB)`,
        growth <= mb + 32,
      );
    }
  }
  process.stdout.write(
    `\nbench:scale — ${cfg.auctions} auctions, ${cfg.clients} clients, medians of ${cfg.runs} run(s)\n\n| measure | figure | target | |\n|:--|:--|:--|:--|\n${lines.join('\n')}\n`,
  );
  const out =
    cfg.out ?? path.join(ROOT, 'bench', 'results', `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), out)}\n`);
}

await main().catch((e: unknown) => {
  process.stderr.write(`bench:scale failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
