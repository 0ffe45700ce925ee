// End to end, issue 19: the TUI under fast fingers, in tmux against the real server. Keys go both one
// by one (waiting for the frame after each) and in one send, as a fast typist or ssh delivers them; the
// server's log says what was really sent.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { eventually, ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const buyer = new TmuxSession(`fast-e2e-buyer-${TAG}`);
let dir = '';
let server: ServerProcess | null = null;
let lister: AuctionClient | null = null;

const context = () => `Server output (last 3000 chars):\n${(server?.output() ?? '').slice(-3000)}`;
const waitFor = (t: TmuxSession, predicate: (s: string) => boolean, what: string, timeoutMs = 20_000) =>
  t.waitFor(predicate, what, { timeoutMs, context });
/** The server's log lines for requests it received (`recv … BID …`). */
const received = (command: string): string[] =>
  (server?.output() ?? '').split('\n').filter((l) => new RegExp(`\\brecv\\b.*\\s${command} `).test(l));
/** The item on the selected row of the table. */
const selected = (screen: string): string | null => {
  const line = screen.split('\n').find((l) => l.startsWith('│ ▶'));
  return line ? line.slice(5).split(' ')[0] : null;
};
const prompt = (screen: string): boolean => /\bBID e2e-/.test(screen);

function startTui(t: TmuxSession, args: string): void {
  const command = [
    `cd ${ROOT} &&`,
    `${TSX} tui/main.tsx --server ${server!.address.host}:${server!.address.port} ${args};`,
    'echo "[tui exited with $?]"; sleep 60',
  ].join(' ');
  t.start(command);
}

describeWithTmux('fast-fingers.e2e')('issue 19: safe under fast fingers (real server, real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fast-e2e-'));
    server = await startServerProcess(join(dir, 'db.json'));
    lister = await AuctionClient.create({
      server: server.address,
      identity: { name: 'e2e_lister', role: 'seller', secret: 'e2eListerSecret_0123456789' },
      register: true,
      catalogEveryMs: 0,
    });
    for (const [item, price, seconds] of [
      ['e2e-a', 900, 900],
      ['e2e-b', 1000, 910],
      ['e2e-c', 1100, 920],
    ] as const) {
      const out = await lister.listItem(item, `Lot ${item}`, price, seconds);
      expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    }
    startTui(buyer, `--user e2e_fast --role buyer --profile ${join(dir, 'buyer.json')}`);
    await waitFor(
      buyer,
      (t) => t.includes('e2e_fast buyer') && t.includes('online') && t.includes('e2e-c'),
      'the market',
    );
  }, 60_000);

  afterAll(async () => {
    buyer.kill();
    await lister?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('19.1: Esc closes the bid prompt and the key after it acts, typed one by one and in one send', async () => {
    expect(selected(buyer.screen())).toBe('e2e-a');
    // One by one.
    buyer.keys('b');
    await waitFor(buyer, (t) => t.includes('BID e2e-a'), 'the bid prompt');
    buyer.keys('Escape');
    await waitFor(buyer, (t) => !prompt(t), 'the prompt closed');
    buyer.keys('j');
    await waitFor(buyer, (t) => selected(t) === 'e2e-b', 'j moved down');
    // In one send: Esc j, then Enter opens the prompt on the new row instead of sending a bid.
    buyer.keys('b');
    await waitFor(buyer, (t) => t.includes('BID e2e-b'), 'the bid prompt');
    buyer.keys('Escape', 'j');
    await waitFor(buyer, (t) => !prompt(t) && selected(t) === 'e2e-c', 'closed, then j moved down');
    buyer.keys('Enter');
    await waitFor(buyer, (t) => t.includes('BID e2e-c'), 'Enter opened the prompt on e2e-c');
    // Esc Enter in one send: cancel, then Enter opens a fresh prompt; nothing is sent either way.
    buyer.type('12');
    await waitFor(buyer, (t) => t.includes('$ 12'), '12 typed');
    buyer.keys('Escape', 'Enter');
    await waitFor(buyer, (t) => t.includes('BID e2e-c') && t.includes('$ 11.00'), 'a fresh prompt');
    buyer.keys('Escape');
    await waitFor(buyer, (t) => !prompt(t), 'the prompt closed');
    expect(received('BID')).toEqual([]);

    // Esc 2 with a filter on: the filter goes, then 2 shows the watchlist.
    buyer.type('/e2e-b\r');
    await waitFor(buyer, (t) => t.includes('filter "e2e-b"') && !t.includes('e2e-c'), 'the filter kept');
    buyer.keys('Escape', '2');
    let s = await waitFor(buyer, (t) => t.includes('Nothing on your watchlist'), 'the watchlist');
    expect(s).not.toContain('filter "e2e-b"');
    buyer.keys('1');
    // One by one: the same.
    buyer.type('/e2e-b\r');
    await waitFor(buyer, (t) => t.includes('filter "e2e-b"'), 'the filter kept');
    buyer.keys('Escape');
    await waitFor(buyer, (t) => !t.includes('filter "e2e-b"') && t.includes('e2e-c'), 'the filter cleared');
    buyer.keys('2');
    s = await waitFor(buyer, (t) => t.includes('Nothing on your watchlist'), 'the watchlist');
    buyer.keys('1');
    await waitFor(buyer, (t) => t.includes('e2e-a'), 'all auctions');
  }, 90_000);

  it('19.2: the selection stays on a lot that closed, past its linger; + and b400⏎ then send nothing', async () => {
    // e2e-x closes first and is selected; e2e-z closes a second later, unselected: when it is gone,
    // e2e-x's linger is over too.
    for (const [item, seconds] of [
      ['e2e-x', 3],
      ['e2e-z', 4],
    ] as const) {
      const out = await lister!.listItem(item, `Lot ${item}`, 500, seconds);
      expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    }
    await waitFor(buyer, (t) => t.includes('e2e-z'), 'the new lots');
    buyer.keys('g');
    await waitFor(buyer, (t) => selected(t) === 'e2e-x', 'e2e-x selected');
    await waitFor(
      buyer,
      (t) => t.includes('e2e-x') && !/^│ [▶ ]. e2e-z /m.test(t),
      'e2e-z gone from the table',
      30_000,
    );
    let s = buyer.screen();
    expect(selected(s)).toBe('e2e-x');
    expect(s.split('\n').find((l) => l.startsWith('│ ▶'))).toMatch(/closed/);
    buyer.keys('+');
    await waitFor(buyer, (t) => t.includes('e2e-x is closed'), '+ refused');
    // Key by key (one send each): b refused, and 4 0 0 ⏎ neither switch to "my wins" nor open a prompt.
    for (const k of ['b', '4', '0', '0', 'Enter']) buyer.keys(k);
    buyer.keys('?'); // a key that draws: the ones before it have been handled
    await waitFor(buyer, (t) => t.includes('close help'), 'the help');
    buyer.keys('Escape');
    s = await waitFor(buyer, (t) => !t.includes('close help'), 'the help closed');
    expect(selected(s)).toBe('e2e-x');
    expect(s).not.toContain('my wins');
    expect(prompt(s)).toBe(false);
    // In one send: the same.
    buyer.type('b400\r');
    buyer.keys('k');
    s = await waitFor(buyer, (t) => selected(t) !== 'e2e-x', 'k moved up');
    expect(s).not.toContain('my wins');
    expect(prompt(s)).toBe(false);
    expect(received('BID')).toEqual([]);
  }, 90_000);

  it('19.3: + where you lead asks first; n (or a second +) keeps the bid, y raises it', async () => {
    buyer.keys('g');
    await waitFor(buyer, (t) => selected(t) === 'e2e-a', 'e2e-a selected');
    buyer.keys('+');
    await waitFor(buyer, (t) => t.includes('Bid $9.00 on e2e-a accepted'), 'the first bid');
    await waitFor(buyer, (t) => /you lead/.test(t.split('\n').find((l) => l.startsWith('│ ▶')) ?? ''), 'you lead');
    // One by one: + asks, n keeps.
    buyer.keys('+');
    await waitFor(buyer, (t) => t.includes('you lead at $9.00 — raise your own bid to $9.01?'), 'the question');
    buyer.keys('n');
    await waitFor(buyer, (t) => !t.includes('raise your own bid'), 'the question answered');
    // In one send: ++ (a double press) asks and keeps.
    buyer.type('++');
    buyer.keys('?');
    await waitFor(buyer, (t) => t.includes('close help'), 'the help');
    buyer.keys('Escape');
    await waitFor(buyer, (t) => !t.includes('close help'), 'the help closed');
    expect(received('BID')).toHaveLength(1);
    // y raises.
    buyer.type('+y');
    await waitFor(buyer, (t) => t.includes('Bid $9.01 on e2e-a accepted'), 'the raise');
    // The server's log reaches us through a pipe, maybe after the screen: wait for the line.
    await eventually(() => received('BID').length === 2, 'two BIDs in the server log', 10_000);
    expect(received('BID').map((l) => l.replace(/^.*BID \d+ /, ''))).toEqual(['e2e-a 9.00', 'e2e-a 9.01']);
  }, 60_000);

  it('19.4: 20 digits are refused, never cut; 0, 20. and under the minimum are flagged as you type', async () => {
    const bids = received('BID').length;
    buyer.keys('b');
    await waitFor(buyer, (t) => t.includes('BID e2e-a'), 'the bid prompt');
    buyer.type('12345678901234567890'); // one send
    buyer.keys('Enter');
    await waitFor(
      buyer,
      (t) => t.includes('$ 12345678901234567890') && t.includes('✗ Amount must be at most $1,000,000,000.00'),
      '20 digits kept and refused',
    );
    buyer.keys('C-u');
    for (const d of '12345678901234567890') buyer.keys(d); // one send per key
    buyer.keys('Enter');
    await waitFor(
      buyer,
      (t) => t.includes('$ 12345678901234567890') && t.includes('✗ Amount must be at most $1,000,000,000.00'),
      '20 digits typed one by one, kept and refused',
    );
    for (const [typed, error] of [
      ['0', '✗ Amount must be more than $0.00'],
      ['20.', '✗ Amount must have cents after the dot (12.50), or no dot'],
      ['9.00', '✗ bid at least $9.02'],
    ]) {
      buyer.keys('C-u');
      buyer.type(typed);
      await waitFor(buyer, (t) => t.includes(`$ ${typed}`) && t.includes(error), `${typed} flagged as typed`);
    }
    buyer.keys('Escape');
    await waitFor(buyer, (t) => !prompt(t), 'the prompt closed');
    expect(received('BID')).toHaveLength(bids);
  }, 60_000);

  it('19.5: a bid the server never answered says so, then the TUI asks again (same RQ#) and says it was placed', async () => {
    buyer.keys('G');
    await waitFor(buyer, (t) => selected(t) === 'e2e-c', 'e2e-c selected');
    const pid = server!.child.pid!;
    process.kill(pid, 'SIGSTOP'); // the server hears nothing and answers nothing
    try {
      buyer.keys('+');
      const s = await waitFor(buyer, (t) => t.includes('no answer — it may or may not have been placed'), 'no answer');
      expect(s).not.toMatch(/rejected/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const s = await waitFor(
      buyer,
      (t) => t.includes('Bid $11.00 on e2e-c was placed (the answer came late)'),
      'found out',
    );
    expect(s).not.toMatch(/rejected/);
    // Placed once: one bid on the row, ours.
    await waitFor(
      buyer,
      (t) => /\$11\.00.*e2e_fast\s+1\s.*you lead/.test(t.split('\n').find((l) => l.startsWith('│ ▶')) ?? ''),
      'one bid, ours',
    );
  }, 90_000);

  it('19.6: + held while the answer is slow sends one bid, not one per repeat', async () => {
    buyer.keys('g');
    await waitFor(buyer, (t) => selected(t) === 'e2e-a', 'e2e-a selected');
    buyer.keys('j');
    await waitFor(buyer, (t) => selected(t) === 'e2e-b', 'e2e-b selected');
    const pid = server!.child.pid!;
    process.kill(pid, 'SIGSTOP'); // a slow link: the first + is not answered before the key repeats
    try {
      buyer.keys('+');
      await waitFor(buyer, (t) => t.includes('Sending bid $10.00 on e2e-b'), 'the first bid sent');
      buyer.type('+++++'); // the key held: five repeats in one send
      await waitFor(
        buyer,
        (t) => t.includes("Bid $10.00 on e2e-b is on its way: waiting for the server's answer"),
        'held',
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const s = await waitFor(buyer, (t) => t.includes('Bid $10.00 on e2e-b accepted: you lead'), 'accepted');
    expect(s).not.toMatch(/rejected/);
    await eventually(() => received('BID').some((l) => / e2e-b 10\.00/.test(l)), 'the BID in the server log', 10_000);
    // Retransmitted while the server was stopped (same RQ#), but one request: one RQ#.
    const rqs = new Set(
      received('BID')
        .filter((l) => / e2e-b /.test(l))
        .map((l) => /BID (\d+) /.exec(l)?.[1]),
    );
    expect(rqs.size).toBe(1);
  }, 60_000);
});
