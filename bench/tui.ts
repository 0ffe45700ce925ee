// Keypress-to-screen latency under load: 100 open auctions (`--auctions 10000` for a large floor)
// receiving 50 BID_UPDATEs a second; the keys are j (next row), G (last row) and g (first row).
//
//   npm run bench:tui -- [--runs 5] [--presses 40] [--auctions 100] [--rate 50]   (--help: all flags)
//   (NODE_ENV=development to measure React's development build; the TUI runs the production one)
//
// Drives the production pipeline in-process: the real store (20-frame/s pacing), the client bridge
// fed by a fake client core, the App rendered by Ink into the real ScreenWriter, whose output goes to
// a fake 120×40 terminal. While updates stream in, it presses `j` (or `g` at the bottom) at random
// moments and measures from the moment the key was due (so time spent queued behind a network-driven
// render counts) until the ScreenWriter emits a frame whose selected row is the expected next item.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';
import { commandLine } from '../shared/cli/index.js';
import { BENCH_TUI_CLI, type BenchTuiOptions } from './tui-args.js';
import { bridgeClient } from '../tui/client-bridge.js';
import { createCommands } from '../tui/commands.js';
import { ScreenWriter } from '../tui/screen-writer.js';
import { initialState } from '../tui/state/reducer.js';
import { selectedAuction, visibleAuctions } from '../tui/state/table-selectors.js';
import { AuctionStore } from '../tui/state/store.js';
import { FakeClient } from '../tui/testing/fake-client.js';

/** A terminal that only counts: what Ink's ScreenWriter writes to. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  bytes = 0;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.bytes += chunk.length;
    return true;
  }
}

/** Enough of a TTY stdin for Ink (same shape as ink-testing-library's). */
class FakeKeyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  press(keys: string): void {
    this.data = keys;
    this.emit('readable');
    this.emit('data', keys);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

// eslint-disable-next-line no-control-regex -- ESC is exactly what this strips
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');

interface RunResult {
  latencies: number[];
  frames: number;
  seconds: number;
  updates: number;
  renderMs: number[];
}

// Like main.tsx: React's build is chosen when it is first loaded, so load it after NODE_ENV is set.
process.env.NODE_ENV ??= 'production';
const [{ render }, { createElement }, { App }] = await Promise.all([
  import('ink'),
  import('react'),
  import('../tui/app.js'),
]);

async function runOnce(o: BenchTuiOptions): Promise<RunResult> {
  const start = Date.now();
  const store = new AuctionStore(
    initialState({
      now: start,
      server: '127.0.0.1:5000',
      account: { kind: 'account', name: 'alice', role: 'buyer', loggedIn: true, error: null },
    }),
  );
  const client = new FakeClient();
  const unbridge = bridgeClient(client, store);
  const commands = createCommands({ client, store, newSecret: () => 'x'.repeat(32), quit: () => {} });
  const terminal = new FakeTerminal(o.columns, o.rows);
  const writer = new ScreenWriter(terminal as unknown as NodeJS.WriteStream);
  const keyboard = new FakeKeyboard();
  const renderMs: number[] = [];
  const app = render(createElement(App, { store, commands }), {
    stdout: writer as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    onRender: ({ renderTime }) => renderMs.push(renderTime),
  });
  store.startClock();

  // 100 open auctions with staggered close times, as a first CATALOG would bring them.
  const closes = new Map<string, number>();
  const prices = new Map<string, number>();
  const entries = Array.from({ length: o.auctions }, (_, i) => {
    const item = `item-${String(i).padStart(3, '0')}`;
    const timeLeft = 600 + i * 7;
    closes.set(item, start + timeLeft * 1000);
    prices.set(item, 1000 + i * 10);
    return {
      item,
      description: `Synthetic lot number ${i}`,
      currentPrice: 1000 + i * 10,
      timeLeft,
      seller: 'seller0',
      bids: i % 5,
      leader: i % 5 ? `bidder${i % 17}` : null,
    };
  });
  client.emit('connection', { state: 'online', rttMs: 0.3 });
  client.emit('catalog', entries);

  // 50 BID_UPDATEs a second, spread over the auctions. Paced by elapsed time, not by timer count:
  // while the event loop is busy rendering, datagrams pile up and then arrive together, as UDP would.
  let rq = 1;
  let updates = 0;
  const feedStart = performance.now();
  const sendOne = () => {
    const item = entries[Math.floor(Math.random() * entries.length)].item;
    const price = (prices.get(item) ?? 1000) + 1 + Math.floor(Math.random() * 200);
    prices.set(item, price);
    const timeLeft = Math.max(1, Math.ceil(((closes.get(item) ?? 0) - Date.now()) / 1000));
    client.emit('push', {
      type: 'BID_UPDATE',
      rq: String(rq++),
      item,
      highestBid: price,
      bidder: `bidder${rq % 17}`,
      timeLeft,
    });
    updates++;
  };
  const feed = setInterval(
    () => {
      const due = Math.floor(((performance.now() - feedStart) / 1000) * o.rate);
      while (updates < due) sendOne();
    },
    Math.max(1, Math.floor(1000 / o.rate / 2)),
  );

  const framesBefore = writer.stats.frames;
  const t0 = performance.now();
  const latencies: number[] = [];
  // Let the stream settle into its steady state first.
  await new Promise((r) => setTimeout(r, 500));

  for (let n = 0; n < o.presses; n++) {
    // A key at a random moment relative to the update stream.
    const delay = 80 + Math.random() * 170;
    const due = performance.now() + delay;
    const latency = await new Promise<number>((resolve, reject) => {
      setTimeout(() => {
        const s = store.getSnapshot();
        const rows = visibleAuctions(s);
        const selectedKey = selectedAuction(s)?.key;
        const at = rows.findIndex((a) => a.key === selectedKey);
        const bottom = at >= rows.length - 1;
        // Mostly j (next row); every tenth press G (the last row: the whole list at once); g from the bottom.
        const jump = !bottom && n % 10 === 9;
        const expected = bottom ? rows[0].item : jump ? rows[rows.length - 1].item : rows[at + 1].item;
        const wanted = new RegExp(`▶. ${expected} `);
        const timeout = setTimeout(() => reject(new Error(`no frame showed ${expected} selected within 2 s`)), 2000);
        const onFrame = (lines: string[]) => {
          if (!lines.some((l) => wanted.test(stripAnsi(l)))) return;
          clearTimeout(timeout);
          writer.off('frame', onFrame);
          resolve(performance.now() - due);
        };
        writer.on('frame', onFrame);
        keyboard.press(bottom ? 'g' : jump ? 'G' : 'j');
      }, delay);
    });
    latencies.push(latency);
  }
  const seconds = (performance.now() - t0) / 1000;
  const frames = writer.stats.frames - framesBefore;

  clearInterval(feed);
  store.stop();
  unbridge();
  app.unmount();
  writer.dispose();
  return { latencies, frames, seconds, updates, renderMs };
}

async function main(): Promise<void> {
  const o = commandLine(BENCH_TUI_CLI);
  process.stdout.write(
    `bench:tui (React ${process.env.NODE_ENV} build): ${o.auctions} open auctions, ${o.rate} BID_UPDATE/s, ${o.columns}×${o.rows}, ${o.runs} runs × ${o.presses} key presses\n`,
  );
  const all: number[] = [];
  for (let run = 1; run <= o.runs; run++) {
    const r = await runOnce(o);
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const renders = [...r.renderMs].sort((a, b) => a - b);
    all.push(...r.latencies);
    process.stdout.write(
      `run ${run}: key→frame median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1].toFixed(1)} ms · ${(r.frames / r.seconds).toFixed(1)} frames/s · ` +
        `${(r.updates / r.seconds).toFixed(0)} updates/s · Ink render median ${percentile(renders, 50).toFixed(1)} ms\n`,
    );
  }
  const sorted = all.sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `overall: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${sorted.length} presses ` +
      `(target: under 50 ms) ${p95 < 50 ? 'OK' : 'TOO SLOW'}\n`,
  );
  process.exit(p95 < 50 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:tui failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
