// End to end, issue 11: what the keyboard can cost people, tried on the real TUI in tmux against the
// real server, reading the screen and the server's log. A seller TUI answers the price question with a
// typed price; a buyer TUI (under NO_COLOR) mistypes amounts, sends a 50× bid only after confirming it,
// moves three rows with one chunk, sorts, looks at its bids, wins, and is asked before quitting with
// the checkout waiting. The server runs on the test clock: half time and the close come when the test
// moves it forward and awaits the server's event, never on a wall clock a busy machine can miss.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { hasColour } from '../no-color.js';
import { tableRow as rowOf } from '../testing/frames.js';
import { eventually, ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, tmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const buyer = new TmuxSession(`input-e2e-buyer-${TAG}`);
const seller = new TmuxSession(`input-e2e-seller-${TAG}`);
let dir = '';
let server: ServerProcess | null = null;
let lister: AuctionClient | null = null;

const context = () => `Server output (last 3000 chars):\n${(server?.output() ?? '').slice(-3000)}`;
const waitFor = (t: TmuxSession, predicate: (s: string) => boolean, what: string, timeoutMs = 45_000) =>
  t.waitFor(predicate, what, { timeoutMs, context });
/** The server's log lines for requests it received (`recv … BID …`). */
const received = (command: string): string[] =>
  (server?.output() ?? '').split('\n').filter((l) => new RegExp(`\\brecv\\b.*\\s${command} `).test(l));
/** The table's rows on screen, top to bottom, and which one is selected. */
const rows = (screen: string): { items: string[]; selected: number } => {
  const lines = screen.split('\n').filter((l) => /^│ [▶ ][★… ] \S/.test(l) && !l.startsWith('│    ITEM '));
  return {
    items: lines.map((l) => l.slice(5).split(' ')[0]),
    selected: lines.findIndex((l) => l.startsWith('│ ▶')),
  };
};
/** Row order of the table on screen. */
const order = (screen: string, items: string[]): string[] =>
  [...items].sort((a, b) => screen.indexOf(rowOf(screen, a)) - screen.indexOf(rowOf(screen, b)));

function startTui(t: TmuxSession, args: string, env = ''): void {
  const command = [
    `cd ${ROOT} &&`,
    `${env} ${TSX} tui/main.tsx --server ${server!.address.host}:${server!.address.port} ${args};`,
    'echo "[tui exited with $?]"; sleep 60',
  ].join(' ');
  t.start(command);
}

describeWithTmux('input.e2e')('one input model, exact money, confirmations (real server, real terminals)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'input-e2e-'));
    server = await startServerProcess(join(dir, 'db.json'), ['--events'], { testClock: true });
    lister = await AuctionClient.create({
      server: server.address,
      identity: { name: 'e2e_lister', role: 'seller', secret: 'e2eListerSecret_0123456789' },
      register: true,
      catalogEveryMs: 0,
    });
    for (const [item, price, seconds] of [
      // open past every jump of the test clock below (20 min in all)
      ['e2e-a', 6200, 3600],
      ['e2e-b', 1000, 3610],
      ['e2e-c', 2000, 3620],
      ['e2e-d', 3000, 3630],
    ] as const) {
      const out = await lister.listItem(item, `Lot ${item}`, price, seconds);
      expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    }
  }, 120_000);

  afterAll(async () => {
    buyer.kill();
    seller.kill();
    await lister?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a seller types 30 into the price question and the server receives ACCEPT … 30.00', async () => {
    startTui(seller, `--user e2e_seller --role seller --profile ${join(dir, 'seller.json')}`);
    await waitFor(
      seller,
      (s) => s.includes('e2e_seller seller') && s.includes('online') && s.includes('l list item'),
      'the seller logged in',
    );
    await seller.pressUntil(['l'], (s) => s.includes('List an item'), 'the listing form', { context });
    seller.keys('C-u'); // an "l" sent again may have reached the name field
    // One chunk, Tab and Enter inside it: 20 minutes, half time at 10; with no bid the server asks then.
    seller.type('e2e-q\tA question of price\t40\t20m\r');
    await waitFor(seller, (s) => s.includes('Listed e2e-q at $40.00'), 'the listing');
    await server!.events.until('listed', (e) => e.item === 'e2e-q', 30_000);
    await server!.advanceClock(10 * 60_000); // half time, now
    await server!.events.until('negotiation', (e) => e.item === 'e2e-q' && e.step === 'asked', 30_000);
    let s = await waitFor(seller, (t) => t.includes('Enter lower to this price'), 'the price question, armed');
    expect(s).toMatch(/New price\s+\$ 36\.00/);
    seller.type('30'); // replaces the suggestion, as in any money field
    await waitFor(seller, (t) => /New price\s+\$ 30 /.test(t), '30 typed');
    seller.keys('Enter');
    s = await waitFor(seller, (t) => t.includes('Price of e2e-q lowered to $30.00'), 'the price lowered');
    // The server's log reaches us through a pipe, maybe after the screen: wait for the line.
    await eventually(
      () => received('ACCEPT').some((l) => /ACCEPT \d+ e2e-q 30\.00$/.test(l)),
      'ACCEPT … 30.00 in the server log',
      30_000,
    );
    expect(rowOf(s, 'e2e-q')).toContain('$30.00');
  }, 120_000);

  it('the buyer under NO_COLOR: exact money, confirmations, one-chunk keys, sort, my bids, and q asks', async () => {
    startTui(buyer, `--user e2e_buyer --role buyer --profile ${join(dir, 'buyer.json')}`, 'NO_COLOR=1');
    let s = await waitFor(
      buyer,
      (t) =>
        t.includes('e2e_buyer buyer') &&
        t.includes('online') &&
        t.includes('b ⏎ bid') && // the footer of a logged-in buyer
        rowOf(t, 'e2e-d') !== '',
      'the market',
    );
    // No colour codes at all; reverse video still marks the selected row.
    // (capture-pane -e writes "default colour" after each reset itself: ESC[39m, ESC[49m; those set nothing.)
    const escaped = tmux('capture-pane', '-p', '-e', '-t', buyer.name)
      .replaceAll('\x1b[39m', '')
      .replaceAll('\x1b[49m', '');
    expect(hasColour(escaped)).toBe(false);
    expect(escaped).toContain('\x1b[7m');
    // jjj in one chunk moves three rows (the seller's e2e-q may still be on the floor: count rows).
    const before = rows(s);
    expect(before.selected).toBe(0);
    buyer.type('jjj');
    s = await waitFor(buyer, (t) => rows(t).selected === 3, 'three rows down');
    expect(rows(s).items[3]).toBe(before.items[3]);

    // Sort by price: highest first, named in the title.
    buyer.keys('o');
    s = await waitFor(buyer, (t) => t.includes('Auctions · price'), 'sorted by price');
    expect(order(s, ['e2e-a', 'e2e-b', 'e2e-c', 'e2e-d'])).toEqual(['e2e-a', 'e2e-d', 'e2e-c', 'e2e-b']);

    // Not amounts: an error naming the problem, and nothing sent.
    buyer.keys('g', 'b');
    await waitFor(buyer, (t) => t.includes('BID e2e-a'), 'the bid prompt');
    for (const [typed, problem] of [
      ['12,5', 'must not contain a comma'],
      ['1e3', 'must not use an exponent'],
      ['-5', 'must not have a sign'],
    ]) {
      buyer.keys('C-u');
      buyer.type(typed);
      buyer.keys('Enter');
      s = await waitFor(
        buyer,
        (t) => t.includes(`$ ${typed}`) && t.includes(`✗ Amount ${problem}`),
        `${typed} refused`,
      );
    }
    expect(received('BID')).toEqual([]);

    // 50× the price asks first; y sends it.
    buyer.keys('C-u');
    buyer.type('3100\r');
    s = await waitFor(buyer, (t) => t.includes('$3,100.00?'), 'the confirmation');
    expect(s).toContain('⚠ 50× the current price $62.00');
    expect(received('BID')).toEqual([]);
    buyer.keys('y');
    s = await waitFor(buyer, (t) => t.includes('Bid $3,100.00 on e2e-a accepted'), 'the bid accepted');
    await eventually(() => received('BID').length > 0, 'the BID in the server log', 30_000);
    expect(received('BID').map((l) => l.replace(/^.*BID \d+ /, ''))).toEqual(['e2e-a 3100.00']);

    // My bids: only what this buyer bid on.
    buyer.keys('3');
    s = await waitFor(buyer, (t) => t.includes('my bids · price'), 'my bids');
    expect(rowOf(s, 'e2e-a')).toMatch(/you lead/);
    for (const other of ['e2e-b', 'e2e-c', 'e2e-d']) expect(rowOf(s, other)).toBe('');

    // Win something: a $1.00 lot, the cheapest (last in price order), closed by the test clock once bid on.
    buyer.keys('1');
    const listed = await lister!.listItem('e2e-w', 'A lot to win', 100, 600);
    expect(listed.ok && listed.reply.type).toBe('ITEM_LISTED');
    await waitFor(buyer, (t) => rowOf(t, 'e2e-w') !== '', 'the new lot');
    buyer.keys('G', '+');
    await waitFor(buyer, (t) => t.includes('Bid $1.00 on e2e-w accepted'), 'the bid on the lot');
    await server!.events.until('bid', (e) => e.item === 'e2e-w', 30_000);
    await server!.advanceClock(10 * 60_000); // the lot closes now
    await server!.events.until('auction-closed', (e) => e.item === 'e2e-w' && e.winner === 'e2e_buyer', 30_000);
    s = await waitFor(buyer, (t) => t.includes('Checkout · e2e-w'), 'the checkout pane');

    // q with the checkout waiting: asked, and the TUI stays.
    buyer.keys('Escape');
    await waitFor(buyer, (t) => t.includes('⚑ CHECKOUT e2e-w'), 'the checkout minimized');
    buyer.keys('q');
    s = await waitFor(buyer, (t) => t.includes('QUIT?'), 'the question');
    expect(s).toContain('The checkout of e2e-w waits for your details');
    buyer.keys('x');
    s = await waitFor(buyer, (t) => !t.includes('QUIT?'), 'the question answered: stay');
    expect(s).toContain('⚑ CHECKOUT e2e-w');
    expect(s).not.toContain('[tui exited');
    // Asked again, y quits.
    buyer.keys('q');
    await waitFor(buyer, (t) => t.includes('QUIT?'), 'the question again');
    buyer.keys('y');
    await waitFor(buyer, (t) => t.includes('[tui exited with 0]'), 'the TUI to exit');
  }, 120_000);
});
