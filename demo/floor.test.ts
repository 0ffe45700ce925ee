// The bots against the real server (temp dir, UDP port 0), sped up 10×: they list, negotiate, bid,
// and complete checkouts over TCP; the floor is refilled; stop() leaves nothing running.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server/server.js';
import { readDurableStateWithHistory } from '../server/store/log-store.js';
import { DemoFloor } from './bots.js';
import { seededRandom } from '../shared/random.js';
import { ITEMS } from './seed.js';

/** Collects log lines and resolves waits on them (no sleeps). */
function logBook() {
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; n: number; resolve: () => void }> = [];
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  return {
    lines,
    log: (line: string) => {
      lines.push(line);
      for (const w of [...waiters]) {
        if (count(w.re) >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    /** Resolves once `n` lines match `re`; rejects with the log so far after timeoutMs. */
    until: (re: RegExp, n = 1, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (count(re) >= n) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`no ${n}× ${re} within ${timeoutMs} ms. Log:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

describe('DemoFloor with the real server', () => {
  let dir: string;
  let server: RunningServer | null = null;
  let floor: DemoFloor | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-floor-'));
    server = await startServer({
      host: '127.0.0.1',
      udpPort: 0,
      dbPath: path.join(dir, 'db.json'),
      logFile: null,
      stdoutLog: false,
    });
  });
  afterEach(async () => {
    await floor?.stop();
    floor = null;
    await server?.stop();
    server = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('lists, negotiates, bids, sells with a completed TCP checkout, and keeps the floor full', async () => {
    const book = logBook();
    floor = await DemoFloor.start({
      server: { host: '127.0.0.1', port: server!.udpPort },
      rng: seededRandom(2026),
      speed: 10,
      auctions: 4,
      items: ITEMS.filter((i) => i.appeal === 'hot'),
      sleepyRate: 1,
      log: book.log,
    });
    expect(floor.stats.listed).toBe(4);
    expect(floor.market.open(Date.now())).toHaveLength(4);

    // Nobody noticed before half time: the server asked, the sellers answered (ACCEPT or REFUSE).
    await book.until(/(accepts \$[\d.]+ for|refuses to lower) /);
    await book.until(/ bids \$[\d.]+ on /, 3);
    await book.until(/ sold to \S+ for \$/);
    // Both parties answered INFORM_Req with the test card: the winner's PURCHASE_COMPLETE, the seller's Shipping_Info.
    await book.until(/: purchase of \S+ complete/);
    await book.until(/: ship to \S+, /);
    // A closed auction is replaced.
    await book.until(/ lists /, 5);
    expect(floor.stats.negotiationsAccepted + floor.stats.negotiationsRefused).toBeGreaterThan(0);
    expect(book.lines.filter((l) => /could not pay|bot error/.test(l))).toEqual([]);

    // The server agrees: the completed sale is recorded (live, or already in the history archive, §8).
    const doc = readDurableStateWithHistory(server!.dbPath!);
    expect(Object.values(doc.closures).some((c) => c.state === 'complete')).toBe(true);
  }, 120_000);
});

describe('DemoFloor given a house (--server A,B)', () => {
  it('the first server silent: every bot moves to the second, and the floor opens there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-house-'));
    // Bound and mute: a server that stopped answering (a closed port would do the same, less surely).
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    const server = await startServer({
      host: '127.0.0.1',
      udpPort: 0,
      dbPath: path.join(dir, 'db.json'),
      logFile: null,
      stdoutLog: false,
    });
    let floor: DemoFloor | null = null;
    try {
      floor = await DemoFloor.start({
        server: [
          { host: '127.0.0.1', port: silent.address().port },
          { host: '127.0.0.1', port: server.udpPort },
        ],
        rng: seededRandom(18),
        speed: 10,
        auctions: 3,
        // 3.75 s lost on the silent one; then not so quick that 15 bots logging in on the second at once
        // resend faster than it checks their secrets (one source, 127.0.0.1: its queue fills, "Server busy").
        client: { retryInitialMs: 250, retryTries: 4 },
      });
      expect(floor.stats.listed).toBe(3);
      const doc = readDurableStateWithHistory(server.dbPath!);
      expect(Object.values(doc.auctions)).toHaveLength(3);
      // Every bot has an account there: each logged in on the second server.
      expect(Object.keys(doc.accounts).sort()).toEqual(
        [...floor.sellerNames, ...floor.bidderNames].map((n) => n.toLowerCase()).sort(),
      );
    } finally {
      await floor?.stop();
      await server.stop();
      silent.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
