// What idle watchers cost each bid (issue 20.4): the server as a child process, N sockets that WATCH
// and never read, then one bidder's BID→reply time over `bids` sequential bids (a pause of 2 ms
// between them). Prints the median and p90 per N.
//   npx tsx bench/watch-fanout.ts [bids, default 300] [N…, default 0 32 1000]
import dgram from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_ENTRY, spawnListening } from '../scripts/lib/processes.js';

const bids = Number(process.argv[2] ?? 300);
const counts = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [0, 32, 1000];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * xs.length)];

class Peer {
  private waiting = new Map<string, (t: string) => void>();
  private constructor(
    readonly s: dgram.Socket,
    private readonly port: number,
  ) {
    s.on('message', (b) => {
      const t = b.toString();
      this.waiting.get(t.split(' ')[1])?.(t);
    });
  }
  static async open(port: number): Promise<Peer> {
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1');
    await once(s, 'listening');
    return new Peer(s, port);
  }
  get localPort(): number {
    return this.s.address().port;
  }
  request(text: string): Promise<string> {
    const rq = text.split(' ')[1];
    const p = new Promise<string>((resolve) => this.waiting.set(rq, resolve));
    this.s.send(text, this.port, '127.0.0.1');
    return p;
  }
}

async function run(n: number): Promise<{ p50: number; p90: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watch-fanout-'));
  const server = await spawnListening(process.execPath, [
    ...SERVER_ENTRY,
    ...['--udp-port', '0', '--db', path.join(dir, 'db.json'), '--quiet'],
  ]);
  const port = server.udpPort;
  const peers: Peer[] = [];
  try {
    const seller = await Peer.open(port);
    const buyer = await Peer.open(port);
    peers.push(seller, buyer);
    await seller.request(`REGISTER 1 sam seller 127.0.0.1 ${seller.localPort} 9 sam-secret-0123456789`);
    await buyer.request(`REGISTER 1 bob buyer 127.0.0.1 ${buyer.localPort} 9 bob-secret-0123456789`);
    await seller.request('LIST_ITEM 2 lamp a red lamp 1.00 3600');
    for (let i = 0; i < n; i++) {
      const w = await Peer.open(port);
      peers.push(w);
      const cookie = (await w.request('WATCH 1')).split(' ')[2];
      const r = await w.request(`WATCH 2 ${cookie}`);
      if (!r.startsWith('WATCHING')) throw new Error(r);
      w.s.removeAllListeners('message'); // idle from now on: reads nothing
    }
    const lat: number[] = [];
    for (let i = 0; i < bids; i++) {
      const t0 = performance.now();
      await buyer.request(`BID ${10 + i} lamp ${(2 + i / 100).toFixed(2)}`);
      lat.push(performance.now() - t0);
      await sleep(2);
    }
    return { p50: pct(lat, 50), p90: pct(lat, 90) };
  } finally {
    for (const p of peers) p.s.close();
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const n of counts) {
    const r = await run(n);
    process.stdout.write(
      `${String(n).padStart(5)} idle watchers: BID→reply median ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms\n`,
    );
  }
}

void main();
