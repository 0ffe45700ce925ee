// End to end, issue 19.10: the mouse in a real terminal against the real server. tmux writes the
// SGR reports into the pane as a terminal with mouse reporting on would (`\x1b[<b;x;yM`), so what is
// tested is the TUI's own parsing and routing of them, not tmux's mouse mode.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const buyer = new TmuxSession(`mouse-e2e-buyer-${TAG}`);
const ITEMS = ['e2e-m1', 'e2e-m2', 'e2e-m3', 'e2e-m4', 'e2e-m5', 'e2e-m6', 'e2e-m7', 'e2e-m8'];
let dir = '';
let server: ServerProcess | null = null;
let lister: AuctionClient | null = null;

const context = () => `Server output (last 3000 chars):\n${(server?.output() ?? '').slice(-3000)}`;
const waitFor = (predicate: (s: string) => boolean, what: string) =>
  buyer.waitFor(predicate, what, { timeoutMs: 20_000, context });
/** The item on the selected row of the table. */
const selected = (screen: string): string | null => {
  const line = screen.split('\n').find((l) => l.startsWith('│ ▶'));
  return line ? line.slice(5).split(' ')[0] : null;
};
/** The screen row (1-based, as the terminal counts) that shows an item in the table. */
const rowOf = (screen: string, item: string): number =>
  screen.split('\n').findIndex((l) => l.startsWith('│') && l.slice(5).startsWith(`${item} `)) + 1;
const press = (x: number, y: number) => buyer.type(`\x1b[<0;${x};${y}M\x1b[<0;${x};${y}m`);
const wheel = (down: boolean) => buyer.type(`\x1b[<${down ? 65 : 64};10;10M`);

describeWithTmux('mouse.e2e')('issue 19.10: a click selects a row, the wheel scrolls (real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mouse-e2e-'));
    server = await startServerProcess(join(dir, 'db.json'));
    lister = await AuctionClient.create({
      server: server.address,
      identity: { name: 'e2e_mouse_lister', role: 'seller', secret: 'e2eListerSecret_0123456789' },
      register: true,
      catalogEveryMs: 0,
    });
    // Closing times a few seconds apart so the default sort (ending soonest) lists them in this order.
    for (const [i, item] of ITEMS.entries()) {
      const out = await lister.listItem(item, `Lot ${item}`, 100 + i, 900 + 10 * i);
      expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    }
    buyer.start(
      [
        `cd ${ROOT} &&`,
        `${TSX} tui/main.tsx --server ${server.address.host}:${server.address.port}`,
        `--user e2e_mouse --role buyer --profile ${join(dir, 'buyer.json')};`,
        'echo "[tui exited with $?]"; sleep 60',
      ].join(' '),
    );
    await waitFor((t) => t.includes('online') && ITEMS.every((i) => t.includes(i)), 'the market');
  }, 60_000);

  afterAll(async () => {
    buyer.kill();
    await lister?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a left click on a row selects that auction; a click on the header does nothing', async () => {
    let screen = buyer.screen();
    expect(selected(screen)).toBe('e2e-m1');
    const y = rowOf(screen, 'e2e-m5');
    expect(y).toBeGreaterThan(3);
    press(8, y);
    screen = await waitFor((t) => selected(t) === 'e2e-m5', 'the click selected e2e-m5');
    press(8, 1);
    press(8, rowOf(screen, 'e2e-m3'));
    // The header click was ignored and the next click acted: the selection is the second click's row.
    await waitFor((t) => selected(t) === 'e2e-m3', 'the second click selected e2e-m3');
  }, 40_000);

  it('the wheel moves the selection three rows down and up', async () => {
    expect(selected(buyer.screen())).toBe('e2e-m3');
    wheel(true);
    await waitFor((t) => selected(t) === 'e2e-m6', 'wheel down → three rows down');
    wheel(false);
    await waitFor((t) => selected(t) === 'e2e-m3', 'wheel up → three rows up');
  }, 40_000);

  it('with the bid prompt open a click moves nothing, and no report leaks into the amount', async () => {
    buyer.keys('b');
    let screen = await waitFor((t) => t.includes('BID e2e-m3'), 'the bid prompt');
    press(8, rowOf(screen, 'e2e-m7'));
    wheel(true);
    buyer.type('5');
    screen = await waitFor((t) => t.includes('$ 5'), 'the digit typed after the reports');
    expect(screen).toContain('BID e2e-m3');
    expect(screen).not.toMatch(/\$ [^\n]*[<;M]/);
    buyer.keys('Escape');
    screen = await waitFor((t) => !t.includes('BID e2e-m3'), 'the prompt closed');
    expect(selected(screen)).toBe('e2e-m3');
  }, 40_000);
});
