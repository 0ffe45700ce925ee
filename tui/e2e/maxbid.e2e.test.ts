// End to end, issue 12 part 5: a buyer in the real TUI sets a maximum with `m`; a second buyer (a
// client core) bids plainly and each bid is answered at once by the server for the TUI buyer; the
// TUI buyer wins at the price the contest made (PROTOCOL.md §5), not at its maximum. The lot closes when
// the test moves the server's test clock, not on a wall clock a busy machine can miss.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import type { BidUpdate } from '../../shared/protocol/index.js';
import { tableRow as rowOf } from '../testing/frames.js';
import { eventually, ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const term = new TmuxSession(`maxbid-e2e-${process.pid}-${Date.now()}`);
let dir = '';
let server: ServerProcess | null = null;
let seller: AuctionClient | null = null;
let bob: AuctionClient | null = null;
const updates: BidUpdate[] = [];

const waitFor = (predicate: (s: string) => boolean, what: string, timeoutMs = 45_000) =>
  term.waitFor(predicate, what, {
    timeoutMs,
    context: () => `Server output (last 3000 chars):\n${(server?.output() ?? '').slice(-3000)}`,
  });

describeWithTmux('maxbid.e2e')('maximum bids from the TUI (real server, real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maxbid-e2e-'));
    server = await startServerProcess(join(dir, 'db.json'), ['--inform-timeout', '60', '--events'], {
      testClock: true,
    });
    const login = (name: string, role: 'buyer' | 'seller') =>
      AuctionClient.create({
        server: server!.address,
        identity: { name, role, secret: `${name}-secret-0123456789` },
        register: true,
        catalogEveryMs: 0,
      });
    seller = await login('e2e_max_seller', 'seller');
    bob = await login('e2e_bob', 'buyer');
    bob.on('push', (m) => {
      if (m.type === 'BID_UPDATE') updates.push(m);
    });
    term.start(
      [
        `cd ${ROOT} &&`,
        `${TSX} tui/main.tsx --server ${server.address.host}:${server.address.port} --user e2e_ann --role buyer --profile ${join(dir, 'ann.json')};`,
        'echo "[tui exited with $?]"; sleep 60',
      ].join(' '),
    );
  }, 120_000);

  afterAll(async () => {
    term.kill();
    await bob?.close();
    await seller?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('m sets a maximum; plain bids are answered automatically; the TUI buyer wins at the price, not the maximum', async () => {
    await waitFor((t) => t.includes('e2e_ann buyer') && t.includes('online'), 'the buyer logged in');
    const listed = await seller!.listItem('e2e-max', 'A lot with a maximum on it', 1000, 3600);
    expect(listed.ok && listed.reply.type).toBe('ITEM_LISTED');
    const sub = await bob!.subscribe('e2e-max');
    expect(sub.ok && sub.reply.type).toBe('SUBSCRIBED');
    await waitFor((t) => rowOf(t, 'e2e-max') !== '', 'the lot on screen');

    // m: the maximum prompt, prefilled with the minimum next bid (no bid yet: the price).
    term.keys('g', 'm');
    let s = await waitFor((t) => t.includes('MAX BID e2e-max'), 'the maximum prompt');
    expect(s).toMatch(/\$ 10\.00/);
    term.type('19');
    term.keys('Enter');
    s = await waitFor((t) => t.includes('Maximum $19.00 on e2e-max set: you lead at $10.00'), 'the maximum set');
    expect(rowOf(s, 'e2e-max')).toContain('you lead · max $19.00');

    // bob's plain bids: each accepted, each answered at once for ann, one cent above.
    for (const [amount, answer] of [
      [1200, 1201],
      [1500, 1501],
    ]) {
      const out = await bob!.bid('e2e-max', amount);
      expect(out.ok && out.reply.type).toBe('BID_ACCEPTED');
      await waitFor(
        (t) => rowOf(t, 'e2e-max').includes(`$${(answer / 100).toFixed(2)}`),
        `ann's maximum answering at ${answer}`,
      );
    }
    // bob's copies of the pushes may come after the TUI's screen showed them.
    const seq = await eventually(
      () => {
        const s = updates.filter((u) => u.item === 'e2e-max').map((u) => [u.highestBid, u.bidder]);
        return s.length >= 5 && s;
      },
      "bob's five BID_UPDATEs",
      30_000,
    );
    expect(seq).toEqual([
      [1000, 'e2e_ann'], // the maximum leads at the asking price
      [1200, 'e2e_bob'],
      [1201, 'e2e_ann'],
      [1500, 'e2e_bob'],
      [1501, 'e2e_ann'],
    ]);
    s = term.screen();
    expect(rowOf(s, 'e2e-max')).toMatch(/\$15\.01.*e2e_ann.*you lead · max \$19\.00/);
    // Nobody else ever saw the maximum.
    expect(JSON.stringify(updates)).not.toContain('1900');

    // The close, now: ann wins at the contest's price.
    await server!.advanceClock(3_600_000);
    await server!.events.until('auction-closed', (e) => e.item === 'e2e-max' && e.winner === 'e2e_ann', 30_000);
    s = await waitFor((t) => t.includes('Checkout · e2e-max'), 'the checkout pane');
    expect(s).toContain('You won e2e-max for $15.01');
    await eventually(
      () => /WINNER \d+ e2e-max 15\.01 e2e_max_seller/.test(server!.output()),
      'WINNER at 15.01 in the server log',
      30_000,
    );
  }, 120_000);
});
