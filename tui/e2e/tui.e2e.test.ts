// End to end, as a user: the real server (temp dir, UDP port 0) and the real TUI in a tmux pane
// (120x40). A seller lists items through the client core; the TUI user subscribes and bids with the
// keyboard; the test reads the screen with capture-pane and checks the server's state with CATALOG.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import type { BidUpdate } from '../../shared/protocol/index.js';
import { readDurableState } from '../../server/store/log-store.js';
import { tableRow as rowOf } from '../testing/frames.js';
import { eventually, ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const term = new TmuxSession(`tui-e2e-${process.pid}-${Date.now()}`);
// Made in beforeAll, so a skipped run (no tmux) leaves nothing behind.
let dir = '';
let dbPath = '';
let profilePath = '';

let server: ServerProcess | null = null;
let seller: AuctionClient | null = null;
const sellerUpdates: BidUpdate[] = [];

const keys = (...k: string[]): void => term.keys(...k);
const waitForScreen = (predicate: (s: string) => boolean, what: string, timeoutMs = 45_000): Promise<string> =>
  term.waitFor(predicate, what, { timeoutMs, context: () => `Server output:\n${server?.output() ?? ''}` });

describeWithTmux('tui.e2e')('TUI end to end (real server, real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tui-e2e-'));
    dbPath = join(dir, 'db.json');
    profilePath = join(dir, 'profile.json');
    server = await startServerProcess(dbPath);
    const address = server.address;
    seller = await AuctionClient.create({
      server: address,
      identity: { name: 'e2e_seller', role: 'seller', secret: 'e2eSellerSecret_0123456789' },
      register: true,
      catalogEveryMs: 0,
    });
    seller.on('push', (m) => {
      if (m.type === 'BID_UPDATE') sellerUpdates.push(m);
    });
    // One auction exists before the TUI starts (it learns of it from CATALOG), one is listed while it watches.
    const out = await seller.listItem('e2e-vase', 'End-to-end vase, listed before the TUI started', 1500, 660);
    expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    const command = [
      `cd ${ROOT} &&`,
      `${TSX} tui/main.tsx --server ${address.host}:${address.port} --user e2e_buyer --role buyer --profile ${profilePath};`,
      'echo "[tui exited with $?]"; sleep 60',
    ].join(' ');
    term.start(command);
  }, 120_000);

  afterAll(async () => {
    term.kill();
    await seller?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in by itself, shows the open auctions, subscribes and bids from the keyboard', async () => {
    // Registered on first use with a generated secret kept in the profile (0600).
    let s = await waitForScreen(
      (t) =>
        t.includes('e2e_buyer buyer') &&
        t.includes('online') &&
        rowOf(t, 'e2e-vase') !== '' &&
        t.includes('Logged in as e2e_buyer (buyer)'), // the log line may come a frame after the header
      'the market, logged in',
    );
    expect(s).toContain('Logged in as e2e_buyer (buyer)');
    expect(statSync(profilePath).mode & 0o777).toBe(0o600);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as {
      accounts: Array<{ name: string; secret: string }>;
    };
    expect(profile.accounts[0].name).toBe('e2e_buyer');
    expect(profile.accounts[0].secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Known from CATALOG only: its CATALOG_ITEM row says there is no bid yet (no leader, 0 bids), not "?".
    expect(rowOf(s, 'e2e-vase')).toMatch(/\$15\.00\s+—\s+0\s+1\d:\d\d/);

    // A listing arrives live, ending sooner: first row; the selection stays on e2e-vase (issue 19.2), k moves up.
    const listed = await seller!.listItem('e2e-lamp', 'End-to-end lamp, listed while the TUI watches', 1000, 600);
    expect(listed.ok && listed.reply.type).toBe('ITEM_LISTED');
    s = await waitForScreen((t) => rowOf(t, 'e2e-lamp') !== '', 'the new listing');
    expect(s).toContain('New listing: e2e-lamp at $10.00');
    expect(rowOf(s, 'e2e-vase')).toMatch(/^│ ▶/);
    keys('k');
    s = await waitForScreen((t) => rowOf(t, 'e2e-lamp').startsWith('│ ▶'), 'e2e-lamp selected');
    // (a minute of slack: a busy machine may take that long to draw it)
    expect(rowOf(s, 'e2e-lamp')).toMatch(/▶.*\$10\.00.\s+—\s+0\s+(9:[0-5]\d|10:00)/);

    // Subscribe to the selected item.
    keys('s');
    s = await waitForScreen((t) => t.includes('Subscribed to e2e-lamp'), 'the subscription confirmed');
    expect(rowOf(s, 'e2e-lamp')).toContain('★');

    // Bid: b opens the prompt with the minimum (no bid yet: the current price), Enter sends.
    keys('b');
    s = await waitForScreen((t) => t.includes('BID e2e-lamp'), 'the bid prompt');
    expect(s).toMatch(/\$ 10\.00/);
    keys('Enter');
    s = await waitForScreen((t) => t.includes('Bid $10.00 on e2e-lamp accepted'), 'the bid accepted');
    s = await waitForScreen((t) => /you lead/.test(rowOf(t, 'e2e-lamp')), '"you lead" on the row');
    expect(rowOf(s, 'e2e-lamp')).toMatch(/\$10\.00.*e2e_buyer\s+1\s/);

    // + bids the minimum, highest + 0.01: we lead already, so it asks first (issue 19.3); y raises.
    keys('+');
    s = await waitForScreen((t) => t.includes('you lead at $10.00 — raise your own bid to $10.01?'), 'the question');
    keys('y');
    s = await waitForScreen((t) => t.includes('Bid $10.01 on e2e-lamp accepted'), 'the quick bid accepted');

    // The other item, through the selection: j then +. The catalog said it has no bid: the minimum is its price.
    keys('j');
    await waitForScreen((t) => rowOf(t, 'e2e-vase').includes('▶'), 'e2e-vase selected');
    keys('+');
    s = await waitForScreen(
      (t) => /\$15\.00.*e2e_buyer\s+1\s.*you lead/.test(rowOf(t, 'e2e-vase')),
      'the bid on e2e-vase',
    );

    // The server's state agrees: a fresh client's CATALOG, and the seller's BID_UPDATEs. (A spectator
    // watches first: CATALOG is only for a verified address, §3.)
    const observer = new AuctionClient({ server: server!.address, catalogEveryMs: 0 });
    await observer.start();
    try {
      await observer.ready();
      const catalog = await observer.catalog();
      expect(catalog.ok).toBe(true);
      const prices = Object.fromEntries((catalog.ok ? catalog.entries : []).map((e) => [e.item, e.currentPrice]));
      expect(prices).toEqual({ 'e2e-lamp': 1001, 'e2e-vase': 1500 });
    } finally {
      await observer.close();
    }
    // The seller's copies of the pushes may come after the TUI's screen showed them.
    const seen = await eventually(() => {
      const got = sellerUpdates.map((u) => `${u.item} ${u.highestBid} ${u.bidder}`);
      return got.includes('e2e-lamp 1001 e2e_buyer') && got.includes('e2e-vase 1500 e2e_buyer') && got;
    }, "the seller's BID_UPDATEs");
    expect(seen).toEqual(expect.arrayContaining(['e2e-lamp 1001 e2e_buyer', 'e2e-vase 1500 e2e_buyer']));
    // And it is durable: db.json plus the fsync'd change log, read as a restart would.
    const durable = readDurableState(dbPath);
    expect(durable.accounts['e2e_buyer']).toBeDefined();
    const lamp = Object.values(durable.auctions).find((a) => a.item === 'e2e-lamp');
    expect(lamp?.bids.map((b) => [b.bidder, b.cents])).toEqual([
      ['e2e_buyer', 1000],
      ['e2e_buyer', 1001],
    ]);

    // q leaves the alternate screen and exits cleanly.
    keys('q');
    s = await waitForScreen((t) => t.includes('[tui exited with 0]'), 'the TUI to exit');
    expect(s).not.toContain('TERMINAL AUCTION');
  }, 120_000);
});
