// `npm run flood` (issue 13 part 6): what hostile traffic costs the real server, measured on a child
// process (`node --import tsx server/main.ts`, durable store, log file beside the db):
// 1. amplification — every request type (and garbage) sent from a fresh, unverified address: the
//    datagrams and bytes that come back per datagram sent (target: ≤ 1 datagram of ≤ 128 bytes, §3);
// 2. memory and log — RSS and log-file growth while a flood of distinct datagrams arrives from
//    unverified addresses (target: ≤ 64 MB RSS and ≤ 20 MB of log over 450k datagrams);
// 3. starvation — an honest bidder's BID→reply median alone, then with wrong-secret LOGINs kept in
//    flight (target: ≤ 50 ms with 64 in flight).
// Prints a summary and writes bench/results/flood-<timestamp>.json.
import type { ChildProcess } from 'node:child_process';
import type dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { commandLine } from '../shared/cli/index.js';
import { FLOOD_CLI, type FloodConfig } from './flood-args.js';
import { ROOT, SERVER_ENTRY, spawnListening } from '../scripts/lib/processes.js';
import { freePort, HOST, openSocket } from './udp.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    for (const c of live) c.kill('SIGKILL');
    process.exit(130);
  });

async function startServer(db: string, port: number, extra: string[]): Promise<ChildProcess> {
  const args = [...SERVER_ENTRY, '--udp-port', String(port), '--db', db, '--quiet', ...extra];
  const server = await spawnListening(process.execPath, args, {
    name: 'flood: the server',
    maxOutput: 64 * 1024,
    onSpawn: (child) => {
      live.add(child);
      child.on('exit', () => live.delete(child));
    },
  });
  return server.child;
}

function rssMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: round(kb('VmRSS') / 1024), hwm: round(kb('VmHWM') / 1024) };
}

function logBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) if (/^db\.log(\.\d+)?$/.test(f)) n += statSync(path.join(dir, f)).size;
  return n;
}

/** A UDP socket that counts what comes back and can await a reply by RQ#. */
class Sock {
  received = 0;
  bytes = 0;
  maxBytes = 0;
  texts: string[] = [];
  keepTexts = false;
  private waiting = new Map<string, (t: string) => void>();
  onReply: ((t: string, at: number) => void) | null = null;

  private constructor(
    readonly sock: dgram.Socket,
    private readonly port: number,
  ) {
    sock.on('message', (buf) => {
      this.received++;
      this.bytes += buf.length;
      this.maxBytes = Math.max(this.maxBytes, buf.length);
      const t = buf.toString('utf8');
      if (this.keepTexts) this.texts.push(t);
      const rq = t.split(' ')[1];
      const w = this.waiting.get(rq);
      if (w) {
        this.waiting.delete(rq);
        w(t);
      }
      this.onReply?.(t, performance.now());
    });
    sock.on('error', () => undefined);
  }

  static async open(port: number, rcvBuf = 4 << 20): Promise<Sock> {
    return new Sock(await openSocket(rcvBuf), port);
  }

  get localPort(): number {
    return this.sock.address().port;
  }

  send(data: string | Buffer): void {
    this.sock.send(data, this.port, HOST);
  }

  /** Send until a reply with this RQ# comes (setup requests). */
  async request(text: string): Promise<string> {
    const rq = text.split(' ')[1];
    const reply = new Promise<string>((resolve) => this.waiting.set(rq, resolve));
    for (let i = 0; i < 20; i++) {
      this.send(text);
      const r = await Promise.race([reply, sleep(250 * 2 ** Math.min(i, 3)).then(() => null)]);
      if (r !== null) return r;
    }
    throw new Error(`no reply to ${text}`);
  }

  close(): void {
    this.sock.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
};
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
};

// ---- 1. amplification --------------------------------------------------------------------------

/** IPv4 (20) and UDP (8) headers: on the wire a datagram is this much larger than its payload. */
const UDP_IP_HEADER = 28;

async function amplification(port: number, item: string): Promise<Array<Record<string, string | number>>> {
  const rows: Array<Record<string, string | number>> = [];
  const cases: Array<[string, (rq: number, p: number) => string | Buffer]> = [
    ['CATALOG', (rq) => `CATALOG ${rq}`],
    ['BID', (rq) => `BID ${rq} ${item} 999.00`],
    ['MAX_BID', (rq) => `MAX_BID ${rq} ${item} 999.00`],
    ['SUBSCRIBE', (rq) => `SUBSCRIBE ${rq} ${item}`],
    ['DE-SUBSCRIBE', (rq) => `DE-SUBSCRIBE ${rq} ${item}`],
    ['LIST_ITEM', (rq) => `LIST_ITEM ${rq} flood${rq} ${'A long description. '.repeat(9)} 1.00 60`],
    ['ACCEPT', (rq) => `ACCEPT ${rq} ${item} 0.50`],
    ['REFUSE', (rq) => `REFUSE ${rq} ${item} REJECT`],
    ['DE-REGISTER', (rq) => `DE-REGISTER ${rq} somebody`],
    ['WATCH', (rq) => `WATCH ${rq}`],
    ['WATCH (bad cookie)', (rq) => `WATCH ${rq} AAAAAAAAAAAAAAAAAAAAAA`],
    ['LOGIN (unknown name)', (rq, p) => `LOGIN ${rq} nobody${rq} wrong-secret-0123456789 ${HOST} ${p} 9`],
    ['LOGIN (forged address)', (rq) => `LOGIN ${rq} nobody wrong-secret-0123456789 10.9.8.7 4000 9`],
    ['REGISTER (forged address)', (rq) => `REGISTER ${rq} f${rq} buyer 10.9.8.7 4000 9 forged-secret-0123456789`],
    ['unknown command', (rq) => `FROB ${rq} ${'x'.repeat(200)}`],
    ['garbage', (rq) => `${'\u00ff'.repeat(3)} ${rq} ${'z'.repeat(300)}`],
    ['a reply word', (rq) => `BID_ACCEPTED ${rq}`],
    ['oversized (1401 bytes)', () => Buffer.alloc(1401, 'A')],
    ['oversized BID', (rq) => Buffer.concat([Buffer.from(`BID ${rq} ${item} `), Buffer.alloc(1380, '9')])],
    ['binary', () => Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f])],
  ];
  for (const [name, make] of cases) {
    const s = await Sock.open(port);
    let bytesIn = 0;
    const n = 10;
    for (let i = 0; i < n; i++) {
      const d = make(1000 + i, s.localPort);
      bytesIn += typeof d === 'string' ? Buffer.byteLength(d) : d.length;
      s.send(d);
      await sleep(15);
    }
    await sleep(400); // anything late (a CATALOG's lines, pushes)
    rows.push({
      request: name,
      sent: n,
      datagramsBack: s.received,
      perRequest: round(s.received / n, 2),
      maxBytes: s.maxBytes,
      bytesOutPerByteIn: round(s.bytes / bytesIn, 2),
      // What §3's limit counts (≤ 3×): the datagrams on the wire, each with its 28 bytes of IP and UDP headers.
      wireOutPerWireIn: round((s.bytes + UDP_IP_HEADER * s.received) / (bytesIn + UDP_IP_HEADER * n), 2),
    });
    s.close();
  }
  return rows;
}

// ---- 2. the flood of distinct datagrams -----------------------------------------------------------

async function flood(cfg: FloodConfig, port: number, item: string, pid: number, dir: string) {
  const socks = await Promise.all(Array.from({ length: 16 }, () => Sock.open(port, 8 << 20)));
  const before = { ...rssMb(pid), log: logBytes(dir) };
  const n = cfg.datagrams;
  const makers: Array<(i: number) => string> = [
    (i) => `BID ${i} ${item} ${(i % 1000) + 1}.00`,
    (i) => `CATALOG ${i}`,
    (i) => `SUBSCRIBE ${i} item${i}`,
    (i) => `WATCH ${i}`,
    (i) => `garbage ${i} ${'x'.repeat(i % 50)}`,
    (i) => `LOGIN ${i} name${i} wrong-secret-0123456789 10.0.0.1 ${1 + (i % 65535)} 9`,
    (i) => `DE-REGISTER ${i} name${i}`,
  ];
  const t0 = performance.now();
  const batch = Math.max(1, Math.round(cfg.rate / 200)); // every 5 ms
  for (let i = 0; i < n; i += batch) {
    for (let j = i; j < Math.min(n, i + batch); j++) socks[j % socks.length].send(makers[j % makers.length](j));
    const due = t0 + ((i + batch) / cfg.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const sendS = (performance.now() - t0) / 1000;
  // Wait until the replies stop coming.
  let last = -1;
  for (let k = 0; k < 100; k++) {
    await sleep(200);
    const got = socks.reduce((x, s) => x + s.received, 0);
    if (got === last) break;
    last = got;
  }
  const after = { ...rssMb(pid), log: logBytes(dir) };
  const repliesBack = socks.reduce((x, s) => x + s.received, 0);
  for (const s of socks) s.close();
  return {
    datagrams: n,
    sendS: round(sendS, 1),
    ratePerS: Math.round(n / sendS),
    repliesBack,
    rssBeforeMb: before.rss,
    rssAfterMb: after.rss,
    rssGrowthMb: round(after.rss - before.rss),
    peakRssGrowthMb: round(after.hwm - before.hwm),
    logGrowthMb: round((after.log - before.log) / 1024 / 1024, 2),
  };
}

// ---- 3. an honest bidder while wrong LOGINs are in flight ----------------------------------------

async function starvation(cfg: FloodConfig, port: number, item: string, bidder: Sock, victimName: string) {
  let cents = 1_000_000;
  let rq = 10_000;
  const phase = async (seconds: number): Promise<number[]> => {
    const lat: number[] = [];
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      const q = rq++;
      const t = performance.now();
      const r = await bidder.request(`BID ${q} ${item} ${(++cents / 100).toFixed(2)}`);
      if (r.startsWith('BID_ACCEPTED')) lat.push(performance.now() - t);
      await sleep(5); // a person's pace, not a storm: this measures waiting, not throughput
    }
    return lat;
  };
  const alone = await phase(cfg.loginS);
  // The attacker: `logins` wrong-secret LOGINs always in flight, each from the right address (so it is
  // checked), half for an existing account, half for names that do not exist (checked all the same).
  const attacker = await Sock.open(port);
  let inFlight = 0;
  let answered = 0;
  let stop = false;
  let n = 0;
  const sendLogin = (): void => {
    const q = 1_000_000 + n++;
    const name = n % 2 ? victimName : `ghost${n}`;
    inFlight++;
    attacker.send(`LOGIN ${q} ${name} wrong-secret-${String(q).padStart(10, '0')} ${HOST} ${attacker.localPort} 9`);
  };
  attacker.onReply = (t) => {
    if (!t.startsWith('LOGIN-DENIED') && !t.startsWith('LOGGED_IN')) return;
    inFlight--;
    answered++;
    if (!stop) sendLogin();
  };
  for (let i = 0; i < cfg.logins; i++) sendLogin();
  // Lost LOGINs (none expected on loopback) are replaced so the number in flight stays up.
  const refill = setInterval(() => {
    while (!stop && inFlight < cfg.logins) sendLogin();
  }, 2000);
  const t0 = performance.now();
  const during = await phase(cfg.loginS);
  const loginRate = answered / ((performance.now() - t0) / 1000);
  stop = true;
  clearInterval(refill);
  attacker.close();
  const stats = (xs: number[]) => ({ n: xs.length, p50: round(median(xs), 2), p99: round(pct(xs, 99), 2) });
  return { inFlight: cfg.logins, alone: stats(alone), during: stats(during), loginsAnsweredPerS: round(loginRate) };
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cfg = commandLine(FLOOD_CLI);
  if (cfg.quick) {
    cfg.datagrams = Math.min(cfg.datagrams, 50_000);
    cfg.loginS = Math.min(cfg.loginS, 3);
  }
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-flood-'));
  const db = path.join(dir, 'db.json');
  const port = cfg.port || (await freePort(5400, 5499));
  const server = await startServer(db, port, cfg.addresses ? ['--addresses', cfg.addresses] : []);
  try {
    // Honest parties: a seller with `auctions` open auctions, a buyer (WATCH first: its cookie proves the address).
    const seller = await Sock.open(port);
    const buyer = await Sock.open(port);
    const proof = async (s: Sock): Promise<string> => (await s.request(`WATCH ${s.localPort}`)).split(' ')[2] ?? '';
    const reg = async (s: Sock, name: string, role: string): Promise<void> => {
      const r = await s.request(
        `REGISTER 1 ${name} ${role} ${HOST} ${s.localPort} 9 ${name}-secret-0123456789 ${await proof(s)}`,
      );
      if (!r.startsWith('REGISTERED')) throw new Error(`REGISTER ${name}: ${r}`);
    };
    await reg(seller, 'floodseller', 'seller');
    await reg(buyer, 'floodbuyer', 'buyer');
    log(`flood: listing ${cfg.auctions} auctions…`);
    for (let i = 0; i < cfg.auctions; i++) {
      const r = await seller.request(`LIST_ITEM ${10 + i} lot${i} A flood lot ${i} 1.00 3600`);
      if (!r.startsWith('ITEM_LISTED')) throw new Error(`LIST_ITEM: ${r}`);
    }
    const item = 'lot0';
    log('flood: amplification per request type from unverified addresses…');
    const amp = await amplification(port, item);
    log(`flood: ${cfg.datagrams} distinct datagrams from unverified addresses at ${cfg.rate}/s…`);
    const mem = await flood(cfg, port, item, server.pid!, dir);
    log(`flood: an honest bidder alone, then with ${cfg.logins} wrong LOGINs in flight (${cfg.loginS} s each)…`);
    const starve = await starvation(cfg, port, item, buyer, 'floodseller');
    seller.close();
    buyer.close();

    const result = { at: new Date().toISOString(), config: cfg, amplification: amp, flood: mem, starvation: starve };
    const worst = amp.reduce((m, r) => Math.max(m, Number(r.perRequest)), 0);
    const worstBytes = amp.reduce((m, r) => Math.max(m, Number(r.maxBytes)), 0);
    const worstWire = amp.reduce((m, r) => Math.max(m, Number(r.wireOutPerWireIn)), 0);
    const table = amp
      .map(
        (r) =>
          `  ${String(r.request).padEnd(26)} ${String(r.perRequest).padStart(7)} dgram/req  ${String(r.maxBytes).padStart(6)} B max  ${String(r.bytesOutPerByteIn).padStart(8)} B out/B in ${String(r.wireOutPerWireIn).padStart(6)}× on the wire`,
      )
      .join('\n');
    process.stdout.write(
      `\nAmplification from an unverified address (10 of each; target ≤ 1 datagram ≤ 128 bytes):\n${table}\n` +
        `  worst: ${worst} datagrams per request, ${worstBytes} bytes, ${worstWire}× on the wire (target ≤ 3×, §3)\n` +
        `\nFlood of ${mem.datagrams} distinct unverified datagrams in ${mem.sendS} s (${mem.ratePerS}/s), ${mem.repliesBack} replies:\n` +
        `  RSS ${mem.rssBeforeMb} → ${mem.rssAfterMb} MB (growth ${mem.rssGrowthMb} MB, peak growth ${mem.peakRssGrowthMb} MB; target ≤ 64 MB)\n` +
        `  log growth ${mem.logGrowthMb} MB (target ≤ 20 MB)\n` +
        `\nHonest BID→reply (ms) alone: p50 ${starve.alone.p50} p99 ${starve.alone.p99} (${starve.alone.n} bids)\n` +
        `  with ${starve.inFlight} wrong LOGINs in flight: p50 ${starve.during.p50} p99 ${starve.during.p99} (${starve.during.n} bids; ${starve.loginsAnsweredPerS} LOGINs answered/s; target p50 ≤ 50 ms)\n`,
    );
    const out =
      cfg.out ?? path.join(ROOT, 'bench', 'results', `flood-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch((e) => {
  process.stderr.write(`flood failed: ${(e as Error).stack ?? String(e)}\n`);
  for (const c of live) c.kill('SIGKILL');
  process.exit(1);
});
