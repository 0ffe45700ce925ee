// A 10,000-lot floor, as a spectator sees it: the real server started on a db.json holding 10,000 open
// auctions, the real TUI in a tmux pane. The catalog arrives page by page (§5), the table shows every
// auction — "10000 open" — with the leader and bid count of each row (no "?"), and the keys move
// through all of it.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorItem, writeOpenFloor } from '../../bench/fixture.js';
import { tableRow as rowOf } from '../testing/frames.js';
import { ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const N = 10_000;
const term = new TmuxSession(`scale-e2e-${process.pid}-${Date.now()}`);
let dir = '';
let server: ServerProcess | null = null;

const waitForScreen = (predicate: (s: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> =>
  term.waitFor(predicate, what, { timeoutMs, context: () => `Server output:\n${server?.output() ?? ''}` });

describeWithTmux('scale.e2e')('TUI with 10,000 open auctions (real server, real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scale-e2e-'));
    const db = join(dir, 'db.json');
    // Closing one every half second from an hour on: the order "ending soonest" is the lots' order.
    writeOpenFloor(db, { auctions: N, firstCloseS: 3600, spreadS: 0.5 });
    server = await startServerProcess(db, ['--quiet']);
    const { host, port } = server.address;
    term.start(
      `cd ${ROOT} && ${TSX} tui/main.tsx --server ${host}:${port} --spectate; echo "[tui exited with $?]"; sleep 60`,
    );
  }, 120_000);

  afterAll(async () => {
    term.kill();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows "10000 open", every row with its leader and bid count, and G / g reach both ends', async () => {
    let s = await waitForScreen((t) => t.includes(`${N} open`), `"${N} open"`);
    expect(s).toContain(`1–`); // the table says which rows of how many it shows
    expect(s).toContain(`of ${N}`);
    // The first rows: leader and bid count from CATALOG_ITEM, never "?"
    const first = rowOf(s, floorItem(0));
    expect(first).toMatch(/\$12\.00\s+hist-b\d+\s+3\s/);
    const rows = s.split('\n').filter((l) => /[Ll]ot-\d{6}/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r).not.toMatch(/\s\?\s/);
    expect(s).toContain('Catalog: 10000 open auctions');
    term.keys('G');
    s = await waitForScreen((t) => rowOf(t, floorItem(N - 1)).includes('▶'), 'the last lot selected (G)');
    expect(s).toContain(`of ${N}`);
    term.keys('g');
    s = await waitForScreen((t) => rowOf(t, floorItem(0)).includes('▶'), 'the first lot selected again (g)');
    // The filter narrows 10,000 rows as it is typed
    term.keys('/');
    term.type('lot-00999');
    s = await waitForScreen(
      (t) => rowOf(t, floorItem(9990)) !== '' && rowOf(t, floorItem(0)) === '',
      'the filtered table',
    );
    expect(s).toContain(`${N} open`);
  }, 120_000);
});
